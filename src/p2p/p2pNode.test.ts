import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { silentLogger } from '../../test/support/silentLogger.ts';
import { p2pErrors } from './errors.ts';
import { encodeFrame } from './frames.ts';
import { generateNodeKey, nodeKeyToPeerId } from './nodeKey.ts';
import { createP2pNode } from './p2pNode.ts';
import type { ChannelSpec, P2pNode } from './p2pTypes.ts';

const channels: ChannelSpec[] = [
  {
    id: 'gossip',
    messageBytesMax: 1024,
    queueMessagesMax: 1000,
    queueBytesMax: 1 << 20,
    relay: true,
    ratePerSecondMax: 10_000,
  },
  {
    id: 'slow',
    messageBytesMax: 1024,
    queueMessagesMax: 1000,
    queueBytesMax: 1 << 20,
    relay: false,
    ratePerSecondMax: 5,
  },
];

async function node(peers: readonly string[] = [], key = generateNodeKey()): Promise<P2pNode> {
  return createP2pNode({
    nodeKey: key,
    listenPort: 0,
    persistentPeers: peers,
    peersMax: 20,
    channels,
    logger: silentLogger,
  });
}

const addressOf = (n: P2pNode): string => n.listenAddrs()[0]!;

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('peer ids derive deterministically from node keys', async () => {
  const key = new Uint8Array(32).fill(3);
  assert.equal(await nodeKeyToPeerId(key), await nodeKeyToPeerId(new Uint8Array(32).fill(3)));
  assert.notEqual(await nodeKeyToPeerId(key), await nodeKeyToPeerId(new Uint8Array(32).fill(4)));
  const n = await node([], key);
  try {
    assert.equal(n.peerId, await nodeKeyToPeerId(key));
  } finally {
    await n.stop();
  }
});

test('broadcast reaches a peer; relay reaches a peer not directly connected, exactly once', async () => {
  const a = await node();
  const b = await node([addressOf(a)]);
  const c = await node([addressOf(b)]);
  try {
    const atC: string[] = [];
    const atA: string[] = [];
    c.onMessage('gossip', (_p, d) => atC.push(new TextDecoder().decode(d)));
    a.onMessage('gossip', (_p, d) => atA.push(new TextDecoder().decode(d)));
    await until('the line A-B-C connects', () => a.peers().length === 1 && c.peers().length === 1);
    a.broadcast('gossip', new TextEncoder().encode('hello'));
    c.broadcast('gossip', new TextEncoder().encode('back'));
    await until('messages arrive', () => atC.includes('hello') && atA.includes('back'));
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(atC, ['hello']);
    assert.deepEqual(atA, ['back']);
    assert.equal(
      a.peers().some((p) => p.peerId === c.peerId),
      false,
      'A and C are not directly connected',
    );
  } finally {
    await Promise.all([a.stop(), b.stop(), c.stop()]);
  }
});

test('request and response, and a typed timeout', async () => {
  const a = await node();
  const b = await node([addressOf(a)]);
  try {
    a.handleRequest('/test/echo/1', (_p, d) => Promise.resolve(new Uint8Array([...d, 9])), 1024);
    a.handleRequest('/test/never/1', () => new Promise(() => undefined), 1024);
    await until('connected', () => b.peers().length === 1);
    const reply = await b.request(a.peerId, '/test/echo/1', new Uint8Array([1, 2]), 5000);
    assert.deepEqual([...reply], [1, 2, 9]);
    await assert.rejects(b.request(a.peerId, '/test/never/1', new Uint8Array([1]), 300), {
      code: p2pErrors.p2p_request_timeout.code,
    });
    await assert.rejects(b.request('12D3KooWnotconnected', '/test/echo/1', new Uint8Array(), 300), {
      code: p2pErrors.p2p_peer_unknown.code,
    });
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('a flooding peer is dropped and banned while a well-behaved peer keeps working', async () => {
  const a = await node();
  const flooder = await node([addressOf(a)]);
  const good = await node([addressOf(a)]);
  try {
    const got: string[] = [];
    a.onMessage('slow', (p, d) => got.push(`${p === good.peerId ? 'good' : 'flood'}:${d[0]!}`));
    await until('connected', () => a.peers().length === 2);
    for (let i = 0; i < 60; i++) flooder.sendTo(a.peerId, 'slow', new Uint8Array([i]));
    await until('the flooder is dropped', () => a.peers().length === 1);
    const flooded = got.filter((g) => g.startsWith('flood')).length;
    assert.ok(flooded < 60, `the rate limit let ${flooded} of 60 through`);
    good.sendTo(a.peerId, 'slow', new Uint8Array([7]));
    await until('the good peer is heard', () => got.includes('good:7'));
    await new Promise((r) => setTimeout(r, 1200));
    assert.deepEqual(
      a.peers().map((p) => p.peerId),
      [good.peerId],
      'a banned peer cannot reconnect',
    );
  } finally {
    await Promise.all([a.stop(), flooder.stop(), good.stop()]);
  }
});

test('an oversize frame gets the sender dropped and banned', async () => {
  const a = await node();
  const b = await node([addressOf(a)]);
  try {
    await until('connected', () => a.peers().length === 1);
    b.sendTo(a.peerId, 'gossip', new Uint8Array(2048));
    await until('the sender is dropped', () => a.peers().length === 0);
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(a.peers().length, 0, 'a banned peer cannot reconnect');
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('a full queue drops instead of growing', async () => {
  const a = await node();
  const b = await createP2pNode({
    nodeKey: generateNodeKey(),
    listenPort: 0,
    persistentPeers: [addressOf(a)],
    peersMax: 20,
    channels: [{ ...channels[0]!, queueMessagesMax: 3, queueBytesMax: 1 << 20 }, channels[1]!],
    logger: silentLogger,
  });
  try {
    await until('connected', () => b.peers().length === 1);
    // The outbound stream opens asynchronously: the first sends queue, the rest are dropped.
    const sent = Array.from({ length: 10 }, (_, i) =>
      b.sendTo(a.peerId, 'gossip', new Uint8Array([i])),
    );
    assert.ok(sent.filter((ok) => !ok).length > 0, 'some sends were refused');
    assert.ok((b.peers()[0]?.dropped ?? 0) > 0, 'drops are counted');
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('a persistent peer is redialled after the other side restarts', async () => {
  const keyA = generateNodeKey();
  let a = await node([], keyA);
  const port = Number(/tcp\/(\d+)/.exec(addressOf(a))![1]);
  const b = await node([addressOf(a)]);
  try {
    await until('connected', () => b.peers().length === 1);
    await a.stop();
    await until('disconnected', () => b.peers().length === 0);
    a = await createP2pNode({
      nodeKey: keyA,
      listenPort: port,
      persistentPeers: [],
      peersMax: 20,
      channels,
      logger: silentLogger,
    });
    await until('redialled', () => b.peers().length === 1, 20_000);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('frames encode their length', () => {
  const frame = encodeFrame(new Uint8Array([1, 2, 3]));
  assert.deepEqual([...frame], [0, 0, 0, 3, 1, 2, 3]);
});
