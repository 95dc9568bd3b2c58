// Finding the flag a user meant. The parser checks required options before unknown ones, so
// `tx transfer --amont 5` would be reported as a missing `--amount`; the real cause is the typo,
// and naming the flag it is close to tells the user what to type.
import type { Command } from 'commander';

/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two strings. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = rows[i];
      if (row !== undefined) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The candidate closest to `typed` if it is close enough to be a typo of it (ties: first). */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  // Up to a third of the word may be wrong, and at least one character.
  const allowed = Math.max(1, Math.floor(typed.replace(/^-+/, '').length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(typed, name);
    if (distance <= allowed && (best === undefined || distance < best.distance))
      best = { name, distance };
  }
  return best?.name;
}

/**
 * The first option in `argv` that the command it reaches does not take, with the closest flag it
 * does take. Walks the subcommands as the parser does; nothing is run.
 */
export function unknownFlag(
  program: Command,
  argv: readonly string[],
): { flag: string; suggestion: string | undefined } | undefined {
  let command = program;
  const known: string[] = [];
  let rest = [...argv];
  for (;;) {
    for (const option of command.options) {
      if (option.long !== undefined) known.push(option.long);
      if (option.short !== undefined) known.push(option.short);
    }
    const operands = rest.filter((token) => !token.startsWith('-'));
    const next = command.commands.find(
      (c) => c.name() === operands[0] || c.aliases().includes(operands[0] ?? ''),
    );
    if (next === undefined) break;
    rest = rest.slice(rest.indexOf(operands[0] ?? '') + 1);
    command = next;
  }
  known.push('--help', '-h');
  for (const token of argv) {
    if (!token.startsWith('-') || token === '--') continue;
    const flag = token.split('=')[0] ?? token;
    if (!known.includes(flag)) return { flag, suggestion: closest(flag, known) };
  }
  return undefined;
}
