// A toy module, to show (and test) that a module is one folder plus one line in a table: a
// counter every account may add to, up to a cap. It has a message with a stateless check, gas, an
// admission check (by running it), a handler that emits an event, a genesis, an end-block hook that
// reacts to its own marks, an index beside the state, an invariant and a pause.
import { decode, encode, struct, uint } from '../../../src/codec/index.ts';
import { defineMessage, type ModuleDef, type StateReader } from '../../../src/execution/index.ts';
import { concatBytes, defineErrors, u64be } from '../../../src/lib/index.ts';

/** The counter's errors. */
export const counterErrors = defineErrors('counter (test module)', {
  counter_zero_add: { kind: 'invalid', message: 'Message {index}: add at least 1.' },
  counter_over_cap: {
    kind: 'invalid',
    message: 'The counter is at {value}; adding {amount} would pass its cap of {cap}.',
  },
});

/** The first byte of the counter's state keys and of its index. */
export const counterStatePrefix = 0xc0;
export const counterIndexNamespace = 0xc1;
const counterKey = Uint8Array.of(counterStatePrefix, 0);
const addsKey = Uint8Array.of(counterStatePrefix, 1);
/** The counter never passes this. */
export const counterCap = 100;
const added = 'counter/added';

/** The counter's value. */
export function readCounter(state: StateReader): number {
  const raw = state.get(counterKey);
  return raw === undefined ? -1 : decode(uint, raw);
}

/** How many blocks had at least one add. */
export function readBlocksWithAdds(state: StateReader): number {
  const raw = state.get(addsKey);
  return raw === undefined ? 0 : decode(uint, raw);
}

/** The index key of the add at `height`, transaction `index`. */
export function counterIndexKey(height: number, index: number): Uint8Array {
  return concatBytes(Uint8Array.of(counterIndexNamespace), u64be(height), u64be(index));
}

/** `counter.add {amount}`. */
export const addMessage = defineMessage({
  type: 'counter.add',
  tag: 200,
  codec: struct({ amount: uint }),
  check: (m, index) => (m.amount === 0 ? counterErrors.counter_zero_add({ index }) : undefined),
  gas: (m) => 1_000 + m.amount,
  run(state, _ctx, m) {
    const value = readCounter(state);
    if (value + m.amount > counterCap)
      throw counterErrors.counter_over_cap({ value, amount: m.amount, cap: counterCap });
    state.set(counterKey, encode(uint, value + m.amount));
    return {
      events: [{ module: 'counter', type: 'added', attributes: { amount: m.amount } }],
      marks: [added],
    };
  },
});

/** The counter module. */
export const counterModule = {
  name: 'counter',
  pausable: true,
  statePrefixes: [counterStatePrefix],
  indexNamespaces: [counterIndexNamespace],
  messages: [addMessage],
  events: ['added'],
  genesis(state) {
    state.set(counterKey, encode(uint, 0));
  },
  endBlock(state, ctx) {
    if (!ctx.marks.has(added)) return undefined;
    state.set(addsKey, encode(uint, readBlocksWithAdds(state) + 1));
    return undefined;
  },
  indexWrites: (events, height) =>
    events.flatMap((e) =>
      e.tx === undefined ? [] : [{ key: counterIndexKey(height, e.tx.index), value: e.tx.hash }],
    ),
  invariants: [
    {
      name: 'the counter stays within its cap',
      check: (state) => (readCounter(state) <= counterCap ? undefined : 'over the cap'),
    },
  ],
} as const satisfies ModuleDef;
