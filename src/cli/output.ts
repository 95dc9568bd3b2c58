// Output in the two modes: concise aligned text for people, exactly one JSON document on stdout
// for machines (--json). Errors follow the same split: `error[code]: message` on stderr, or
// `{ "error": { code, message } }` on stdout.
import type { CliIo } from './io.ts';

/** The unit every amount is shown in. */
export const amountUnit = 'upol';

/** An amount (integer, as a decimal string or bigint) with its unit. */
export function formatAmount(amount: string | bigint): string {
  return `${amount.toString()} ${amountUnit}`;
}

/** One label/value line; undefined values are left out. */
export type Field = readonly [
  label: string,
  value: string | number | bigint | boolean | null | undefined,
];

/** Writes label/value pairs with the values aligned in one column. */
export function printFields(io: CliIo, fields: readonly Field[]): void {
  const shown = fields.filter(([, v]) => v !== undefined);
  const width = Math.max(0, ...shown.map(([label]) => label.length));
  for (const [label, value] of shown) {
    io.stdout.write(`${label.padEnd(width)}  ${value === null ? '-' : String(value)}\n`);
  }
}

/** Writes rows as left-aligned columns under a header. */
export function printTable(
  io: CliIo,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  io.stdout.write(`${line(header)}\n`);
  for (const row of rows) io.stdout.write(`${line(row)}\n`);
}

/** JSON with bigints as decimal strings and byte arrays as hex, so every value is printable. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
      return v;
    },
    2,
  );
}

/** Writes the one JSON document of a --json run. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${toJsonText(value)}\n`);
}

/** A warning line on stderr; suppressed in --json mode so machine output stays clean. */
export function warn(io: CliIo, json: boolean, message: string): void {
  if (!json) io.stderr.write(`warning: ${message}\n`);
}

/** Reports a failure in the active mode. */
export function printError(io: CliIo, json: boolean, code: string, message: string): void {
  if (json) io.stdout.write(`${toJsonText({ error: { code, message } })}\n`);
  else io.stderr.write(`error[${code}]: ${message}\n`);
}
