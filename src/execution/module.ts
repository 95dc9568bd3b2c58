// What a module is. Every capability of the ledger (transfers, records, the validator admin,
// governance, staking, and the modules still to come) is one folder that exports one `ModuleDef`,
// and one line of the table in modules.ts. Execution, admission, genesis and the block's hooks
// reach a module only through what it declares here: nothing outside its folder switches on its
// name or its message types (docs/adr/0015-module-table.md).
import type { Codec } from '../codec/index.ts';
import type { PolityError } from '../lib/index.ts';
import type { KvWrite } from '../ports/index.ts';
import type { Validator, ValidatorUpdate } from '../types/index.ts';
import type { StateOverlay, StateReader } from './overlay.ts';

/**
 * A mark a module leaves for the block's hooks ("who votes changed", "this validator's stake
 * changed"), named `module/what` or `module/what:id`. Marks are outputs, merged by execution: a
 * failed transaction leaves none.
 */
export type Mark = string;

/** The mark execution leaves when the block changed the validator set (by a message or a hook). */
export const validatorSetChanged: Mark = 'execution/validator-set';

/** Something a module reports about a block, delivered to subscribers and indexes. */
export interface ModuleEvent {
  /** The module that emitted it. */
  readonly module: string;
  /** Its type within the module, one of the module's declared `events`. */
  readonly type: string;
  /** Its attributes, in the module's own terms (addresses as bytes, amounts as bigint). */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** An event with where it happened: the transaction, or none for a block hook's. */
export interface LocatedEvent extends ModuleEvent {
  readonly tx: { readonly index: number; readonly hash: Uint8Array } | undefined;
}

/** What a message or a hook did besides writing state. */
export interface Output {
  readonly events?: readonly ModuleEvent[];
  /** Changes of the validator set, applied in order to the newest set (effective two blocks later). */
  readonly validatorUpdates?: readonly ValidatorUpdate[];
  readonly marks?: readonly Mark[];
}

/** Where a message runs: one transaction of the block being applied. */
export interface MessageContext {
  readonly height: number;
  /** The block's time (its header's), in milliseconds. */
  readonly timeMs: number;
  readonly sender: Uint8Array;
  readonly txHash: Uint8Array;
  /** The newest validator set, as the block's earlier messages left it. */
  readonly validators: readonly Validator[];
  /** The modules an emergency pause can stop. */
  readonly pausable: ReadonlySet<string>;
}

/** One message type of a module. `B` is the message without its `type`. */
export interface MessageDef<T extends string = string, B = unknown> {
  readonly type: T;
  /** The byte tag in the encoding; part of the protocol, never reused (docs/spec/encoding.md). */
  readonly tag: number;
  readonly codec: Codec<B>;
  /** The checks that need no state (bounds, well-formed lists); `index` is the message's place. */
  check?(m: NoInfer<B>, index: number): PolityError | undefined;
  /** Gas charged for the message (the schedule is protocol). */
  gas(m: NoInfer<B>): number;
  /** What the message takes from the sender's balance when it succeeds: admission reserves it. */
  spend?(m: NoInfer<B>): bigint;
  /**
   * How admission checks it against state, so that a transaction certain to fail is refused
   * without costing a fee. `run` (the default): admission runs the transaction on a scratch copy
   * of the latest committed state, after the sender's own waiting transactions, at the earliest
   * height and time a block could give it; a failure refuses it with the code the block would
   * record, unless `curableByTime` says a later block could succeed. `reserve`: the message's
   * only failure that depends on state is a balance too low for `spend`, which admission checks
   * by reserving it, so it is not run (messages on the hot path, such as transfers).
   */
  readonly admission?: 'run' | 'reserve';
  /** Whether a later block time could cure this failure ("not yet"): admission lets it through. */
  curableByTime?(error: PolityError): boolean;
  /** Runs the message; throws a typed error (the receipt's code) to fail the transaction. */
  run(state: StateOverlay, ctx: MessageContext, m: NoInfer<B>): Output | undefined;
}

/** Any message definition (the table holds them erased; method parameters keep them assignable). */
export type AnyMessageDef = MessageDef;

/** A block being applied, as its hooks see it. */
export interface BlockHookContext {
  readonly height: number;
  readonly timeMs: number;
  readonly proposer: Uint8Array;
  /** The newest validator set, as the block so far left it. */
  readonly validators: readonly Validator[];
  /** Every mark of the block's successful transactions and of the hooks that ran before. */
  readonly marks: ReadonlySet<Mark>;
  /** Double signing proved by the block's evidence. */
  readonly misbehaviour: readonly Misbehaviour[];
  /** Validators of the previous height absent from the block's last commit (downtime). */
  readonly absent: readonly Uint8Array[];
  /** Upgrades this build can run. */
  readonly upgrades: ReadonlySet<string>;
}

/** A validator's misbehaviour proved by evidence in the block. */
export interface Misbehaviour {
  readonly validator: Uint8Array;
  readonly height: number;
  readonly evidenceHash: Uint8Array;
}

/** What the genesis gives every module. */
export interface GenesisInput {
  readonly genesisTimeMs: number;
  readonly validators: readonly Validator[];
  /** The account allowed to change the validator set directly (consortium chains' interim admin). */
  readonly validatorAdmin: Uint8Array | undefined;
  /** Modules' genesis sections by module name, each checked by its module. */
  readonly sections: Readonly<Record<string, unknown>>;
}

/** A property of the state that must hold after every block; returns what is wrong, if anything. */
export interface Invariant {
  readonly name: string;
  check(state: StateReader): string | undefined;
}

/** One module: its messages and everything it does at genesis and around each block. */
export interface ModuleDef {
  /** Its name: what an emergency pause names, and the owner of its events and errors. */
  readonly name: string;
  /** Whether an emergency pause may stop its messages. */
  readonly pausable: boolean;
  /** First bytes of its state keys (no two modules share one; accounts have their own). */
  readonly statePrefixes?: readonly number[];
  readonly messages: readonly AnyMessageDef[];
  /** The event types it emits. */
  readonly events?: readonly string[];
  /** Writes its initial state. */
  genesis?(state: StateOverlay, genesis: GenesisInput): void;
  /** Runs before the block's transactions (in table order). */
  beginBlock?(state: StateOverlay, ctx: BlockHookContext): Output | undefined;
  /**
   * Takes what it distributes of the block's fees and returns the rest (the first module in table
   * order that declares it goes first; what every module leaves goes to the proposer's account).
   */
  distributeFees?(
    state: StateOverlay,
    ctx: BlockHookContext,
    fees: bigint,
  ): { readonly rest: bigint; readonly marks?: readonly Mark[] };
  /** Runs after the transactions (in reverse table order: later modules build on earlier ones). */
  endBlock?(state: StateOverlay, ctx: BlockHookContext): Output | undefined;
  /** The modules it pauses now (governance's emergency pauses). */
  paused?(state: StateReader): ReadonlySet<string>;
  /**
   * The earliest block time at which it has something to do even if no transaction comes (a vote
   * ending); a solo producer makes a block then.
   */
  nextDeadlineMs?(state: StateReader): number | undefined;
  readonly invariants?: readonly Invariant[];
  /**
   * Writes of indexes the module keeps beside the state (not in its root), from its own events of
   * a committed block; they join the block's atomic batch.
   */
  indexWrites?(events: readonly LocatedEvent[], height: number): readonly KvWrite[];
  /** First key bytes of those indexes in the chain's store (checked against the chain's own). */
  readonly indexNamespaces?: readonly number[];
}

/** Declares one message type (keeps its literal type and body type). */
export function defineMessage<T extends string, B>(def: MessageDef<T, B>): MessageDef<T, B> {
  return def;
}

/** The message union of a list of message definitions. */
export type MessageOf<D> =
  D extends MessageDef<infer T, infer B> ? { readonly type: T } & B : never;
