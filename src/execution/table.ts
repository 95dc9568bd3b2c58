// The module table: the modules of a chain, checked for clashes (names, message types, tags), with
// the lookups execution and admission use. Modules are visited in table order for genesis,
// begin-block hooks and fee distribution, and in reverse order for end-block hooks.
import { union, type Codec } from '../codec/index.ts';
import { assert } from '../lib/index.ts';
import { accountStatePrefix } from './accounts.ts';
import { executionErrors } from './errors.ts';
import type { AnyMessageDef, ModuleDef } from './module.ts';
import type { StateReader } from './overlay.ts';
import { createTxFormat, type TxFormat } from './txFormat.ts';

/** A message with its type; the body's fields are the message definition's. */
export interface AnyMessage {
  readonly type: string;
}

/** A message type and the module that declares it. */
export interface MessageEntry {
  readonly def: AnyMessageDef;
  readonly module: ModuleDef;
}

/** The modules of a chain and what execution looks up in them. */
export interface ModuleTable<M extends AnyMessage = AnyMessage> {
  readonly modules: readonly ModuleDef[];
  /** The codec of one message: its tag byte, then its fields. */
  readonly messageCodec: Codec<M>;
  /** Transactions carrying these messages. */
  readonly tx: TxFormat<M>;
  /** The message type's definition and module, if the table has it. */
  entry(type: string): MessageEntry | undefined;
  /** Names of the modules an emergency pause may stop. */
  readonly pausable: ReadonlySet<string>;
  /** The modules paused now (as the modules that pause others say). */
  paused(state: StateReader): ReadonlySet<string>;
  /** The earliest time at which some module has work to do without a transaction. */
  nextDeadlineMs(state: StateReader): number | undefined;
  /** Every module invariant `state` breaks, as `module: invariant: what is wrong`. */
  brokenInvariants(state: StateReader): string[];
}

/** Builds the table of `modules` (asserting that no two share a name, a message type or a tag). */
export function createModuleTable<M extends AnyMessage = AnyMessage>(
  modules: readonly ModuleDef[],
): ModuleTable<M> {
  const names = new Set<string>();
  const entries = new Map<string, MessageEntry>();
  const tags = new Map<number, string>();
  for (const module of modules) {
    assert(!names.has(module.name), `module ${module.name} is in the table once`);
    names.add(module.name);
    for (const def of module.messages) {
      assert(!entries.has(def.type), `message type ${def.type} is declared once`);
      const other = tags.get(def.tag);
      assert(other === undefined, `tag ${def.tag} of ${def.type} is not ${other ?? ''}'s`);
      assert(Number.isInteger(def.tag) && def.tag >= 1 && def.tag <= 255, 'tags are 1..255');
      entries.set(def.type, { def, module });
      tags.set(def.tag, def.type);
    }
  }
  const prefixes = new Map<number, string>([[accountStatePrefix, 'accounts']]);
  for (const module of modules)
    for (const prefix of module.statePrefixes ?? []) {
      const owner = prefixes.get(prefix);
      assert(
        owner === undefined,
        `state prefix ${prefix} of ${module.name} is not ${owner ?? ''}'s`,
      );
      prefixes.set(prefix, module.name);
    }
  const namespaces = new Set<number>();
  for (const module of modules)
    for (const namespace of module.indexNamespaces ?? []) {
      assert(
        !namespaces.has(namespace),
        `index namespace ${namespace} of ${module.name} is its own`,
      );
      namespaces.add(namespace);
    }
  const known = [...entries.values()].map((e) => `${e.def.type} (${e.def.tag})`).join(', ');
  const variants = Object.fromEntries(
    [...entries.values()].map((e) => [e.def.type, [e.def.tag, e.def.codec] as const]),
  );
  const messageCodec = union('type', variants, (tag) =>
    executionErrors.unknown_message_type({ tag, known }),
  ) as unknown as Codec<M>;
  const pausable = new Set(modules.filter((m) => m.pausable).map((m) => m.name));
  return {
    modules,
    messageCodec,
    tx: createTxFormat(messageCodec),
    entry: (type) => entries.get(type),
    pausable,
    paused(state) {
      const out = new Set<string>();
      for (const m of modules) for (const name of m.paused?.(state) ?? []) out.add(name);
      return out;
    },
    brokenInvariants(state) {
      const broken: string[] = [];
      for (const m of modules)
        for (const inv of m.invariants ?? []) {
          const problem = inv.check(state);
          if (problem !== undefined) broken.push(`${m.name}: ${inv.name}: ${problem}`);
        }
      return broken;
    },
    nextDeadlineMs(state) {
      let next: number | undefined;
      for (const m of modules) {
        const t = m.nextDeadlineMs?.(state);
        if (t !== undefined && (next === undefined || t < next)) next = t;
      }
      return next;
    },
  };
}
