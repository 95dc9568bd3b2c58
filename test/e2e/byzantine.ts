// A Byzantine validator as a real process: it joins a testnet's p2p network with a validator's
// consensus key and, for every (height, round) it hears prevotes for, signs two conflicting
// prevotes (one for nil, one for a made-up block) and floods both. Honest validators must turn
// the pair into evidence and commit it in a block. Usage:
//   node test/e2e/byzantine.ts <home of the validator whose key to use> <peer multiaddr>...
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  decodeConsensusMessage,
  encodeConsensusMessage,
  type ConsensusMessage,
} from '../../src/consensus/index.ts';
import { addressOf, sha256, signerFromSecret } from '../../src/crypto/index.ts';
import { fromHex, utf8 } from '../../src/lib/index.ts';
import { nodeChannels } from '../../src/node/index.ts';
import { createP2pNode, generateNodeKey } from '../../src/p2p/index.ts';
import { silentLogger } from '../support/silentLogger.ts';
import { voteSignBytes, voteTypes, type Vote } from '../../src/types/index.ts';

const [home, ...peers] = process.argv.slice(2);
if (home === undefined) throw new Error('usage: byzantine.ts HOME PEER...');
const key = JSON.parse(await readFile(join(home, 'validator_key.json'), 'utf8')) as {
  secret: string;
};
const signer = signerFromSecret('ed25519', fromHex(key.secret)!);
const validator = addressOf(signer.publicKey);
const p2p = await createP2pNode({
  nodeKey: generateNodeKey(),
  listenPort: 0,
  persistentPeers: peers,
  peersMax: 20,
  channels: nodeChannels,
  logger: silentLogger,
});
const done = new Set<string>();
let equivocations = 0;
p2p.onMessage('consensus', (_peer, data) => {
  let message: ConsensusMessage;
  try {
    message = decodeConsensusMessage(data);
  } catch {
    return;
  }
  if (message.kind !== 'vote' || message.signed.vote.type !== voteTypes.prevote) return;
  const { chainId, height, round } = message.signed.vote;
  const slot = `${height}/${round}`;
  if (done.has(slot)) return;
  done.add(slot);
  for (const blockHash of [undefined, sha256(utf8(`not a block ${slot}`))]) {
    const vote: Vote = {
      type: voteTypes.prevote,
      chainId,
      height,
      round,
      blockHash,
      timeMs: Date.now(),
      validator,
    };
    const signed = { vote, signature: signer.sign(voteSignBytes(vote)) };
    p2p.broadcast('consensus', encodeConsensusMessage({ kind: 'vote', signed }));
  }
  equivocations++;
  process.stdout.write(`equivocated at ${slot} (${equivocations})\n`);
});
process.stdout.write(`byzantine ${p2p.peerId} ready\n`);
process.once('SIGTERM', () => {
  void p2p.stop().then(() => process.exit(0));
});
