// Block sync against a real chain application (test/support/chainApp.ts) over an in-process
// stand-in for the p2p node: one honest peer serves a chain of committed blocks, and the local
// node's own consensus may commit some of them while a batch is in flight.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChainApp } from '../chain/index.ts';
import type { P2pNode } from '../p2p/index.ts';
import {
  candidateAt,
  openTestApp,
  proposeAndCommit,
  testGenesis,
  testValidator,
} from '../../test/support/chainApp.ts';
import { silentLogger } from '../../test/support/silentLogger.ts';
import { createBlockSync, syncProtocols } from './blockSync.ts';

type Handler = (peer: string, data: Uint8Array) => Promise<Uint8Array>;

const validators = [testValidator(0x31, 10), testValidator(0x32, 10), testValidator(0x33, 10)];
const genesis = testGenesis(validators, []);

/** A peer's chain of `height` committed blocks. */
async function remoteChain(height: number): Promise<ChainApp> {
  const app = await openTestApp(genesis);
  for (let h = 1; h <= height; h++) await proposeAndCommit(app, validators[h % 3]!, validators);
  return app;
}

/**
 * The p2p side of a node whose one peer, `honest`, runs block sync over `remote`. `beforeReply`
 * runs while a block request is in flight (after the peer answered, before the answer arrives).
 */
function linkedP2p(
  remote: ChainApp,
  beforeReply: (protocol: string) => Promise<void>,
): Pick<P2pNode, 'request' | 'handleRequest' | 'peers' | 'penalize'> & {
  readonly penalties: string[];
} {
  const served = new Map<string, Handler>();
  createBlockSync({
    p2p: {
      handleRequest: (protocol, handler) => served.set(protocol, handler),
      request: () => Promise.reject(new Error('the peer asks nothing')),
      peers: () => [],
      penalize: () => undefined,
    },
    app: remote,
    logger: silentLogger,
  });
  const penalties: string[] = [];
  return {
    penalties,
    handleRequest: () => undefined,
    peers: () => [{ peerId: 'honest', address: undefined, score: 0, dropped: 0 }],
    penalize: (_peer, reason) => penalties.push(reason),
    async request(peer, protocol, data) {
      const handler = served.get(protocol);
      if (handler === undefined) throw new Error(`no handler for ${protocol}`);
      const reply = await handler(peer, data);
      await beforeReply(protocol);
      return reply;
    },
  };
}

test('a batch whose first blocks consensus committed meanwhile is not blamed on the peer', async () => {
  const remote = await remoteChain(6);
  const local = await openTestApp(genesis);
  let raced = false;
  const p2p = linkedP2p(remote, async (protocol) => {
    if (protocol !== syncProtocols.blocks || raced) return;
    raced = true;
    // Consensus commits heights 1 and 2 while the batch that starts at 1 travels.
    for (const h of [1, 2]) await local.commitBlock(candidateAt(remote, h), remote.commitAt(h)!);
  });
  const sync = createBlockSync({ p2p, app: local, logger: silentLogger });
  const reached = await sync.catchUp();
  assert.ok(raced);
  assert.deepEqual(p2p.penalties, []);
  assert.equal(reached.height, 6);
  assert.equal(local.tip().height, 6);
});

test('a batch consensus overtook entirely is dropped as stale, without penalty', async () => {
  const remote = await remoteChain(3);
  const local = await openTestApp(genesis);
  let raced = false;
  const p2p = linkedP2p(remote, async (protocol) => {
    if (protocol !== syncProtocols.blocks || raced) return;
    raced = true;
    for (const h of [1, 2, 3]) await local.commitBlock(candidateAt(remote, h), remote.commitAt(h)!);
  });
  const sync = createBlockSync({ p2p, app: local, logger: silentLogger });
  const reached = await sync.catchUp();
  assert.deepEqual(p2p.penalties, []);
  assert.equal(reached.height, 3);
});

test('with no peer to ask, catch-up says so instead of claiming it caught up', async () => {
  const local = await openTestApp(genesis);
  const sync = createBlockSync({
    p2p: {
      handleRequest: () => undefined,
      request: () => Promise.reject(new Error('no peer')),
      peers: () => [],
      penalize: () => undefined,
    },
    app: local,
    logger: silentLogger,
  });
  const reached = await sync.catchUp();
  assert.equal(reached.height, 0);
  assert.equal(reached.peer, undefined);
});

test('a block that does not verify still costs the peer its points', async () => {
  const remote = await remoteChain(2);
  const other = await openTestApp(testGenesis([testValidator(0x41, 10)], []));
  await proposeAndCommit(other, testValidator(0x41, 10), [testValidator(0x41, 10)]);
  const local = await openTestApp(genesis);
  // The peer answers with a block of another chain at height 1.
  const p2p = linkedP2p(remote, () => Promise.resolve());
  const honestRequest = p2p.request.bind(p2p);
  const lying: typeof p2p = {
    ...p2p,
    request: async (peer, protocol, data, timeoutMs) => {
      if (protocol !== syncProtocols.blocks) return honestRequest(peer, protocol, data, timeoutMs);
      const served = new Map<string, Handler>();
      createBlockSync({
        p2p: {
          handleRequest: (proto, handler) => served.set(proto, handler),
          request: () => Promise.reject(new Error('none')),
          peers: () => [],
          penalize: () => undefined,
        },
        app: other,
        logger: silentLogger,
      });
      return served.get(protocol)!(peer, data);
    },
  };
  const sync = createBlockSync({ p2p: lying, app: local, logger: silentLogger });
  await sync.catchUp();
  assert.ok(p2p.penalties.length > 0);
  assert.equal(local.tip().height, 0);
});
