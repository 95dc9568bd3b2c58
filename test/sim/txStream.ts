// The workload: funded accounts sending each other real signed transfers, submitted to random
// running nodes at random moments. A node that admits a transaction gossips it to its peers over
// the simulated network (as a node's transaction channel does), so it can be included by whoever
// proposes next. The nonce is the one the receiving node expects (committed nonce plus its queue),
// so transactions sent to different nodes may conflict, as they do between real clients.
import { addressOf, sha256, signerFromSecret, type Signer } from '../../src/crypto/index.ts';
import {
  decodeTx,
  readAccount,
  encodeTx,
  estimateGas,
  signTx,
  txHash,
  type Message,
} from '../../src/execution/index.ts';
import { isPolityError, toHex, utf8 } from '../../src/lib/index.ts';
import { mempoolErrors } from '../../src/mempool/index.ts';
import type { SimNetwork } from './network.ts';
import type { Prng } from './prng.ts';
import { txChannel, type SimNode } from './simNode.ts';

/** A funded account of the simulation. */
export interface SimAccount {
  readonly signer: Signer;
  readonly address: Uint8Array;
}

/** A deterministic key from a label (the same for every seed: keys are not what varies). */
export function simSigner(label: string): Signer {
  return signerFromSecret('ed25519', sha256(utf8(`polity-sim/${label}`)));
}

/** `count` funded accounts. */
export function simAccounts(count: number): SimAccount[] {
  return Array.from({ length: count }, (_, i) => {
    const signer = simSigner(`account-${i}`);
    return { signer, address: addressOf(signer.publicKey) };
  });
}

/** A signed transaction of `from` carrying `messages`, with enough gas and fee for them. */
function signedSimTx(
  chainId: string,
  from: SimAccount,
  nonce: number,
  messages: readonly Message[],
): Uint8Array {
  const gasLimit = estimateGas(messages, 600) + 20_000;
  const body = {
    chainId,
    sender: from.address,
    nonce,
    fee: BigInt(gasLimit),
    gasLimit,
    messages,
    memo: '',
  };
  return encodeTx(signTx(body, from.signer));
}

/** Counters of the workload. */
export interface TxStats {
  submitted: number;
  accepted: number;
  /** Transactions certain to fail put straight into a pool (`Scenario.doomedTxsTo`). */
  doomed: number;
}

/** Submits one transfer from a random account to a random running node. */
export function submitRandomTransfer(input: {
  readonly chainId: string;
  readonly accounts: readonly SimAccount[];
  readonly nodes: readonly SimNode[];
  readonly network: SimNetwork;
  readonly prng: Prng;
  readonly stats: TxStats;
  readonly onError: (error: unknown) => void;
}): void {
  const { accounts, prng, stats } = input;
  const running = input.nodes.filter((n) => n.app() !== undefined);
  if (running.length === 0 || accounts.length < 2) return;
  const node = prng.pick(running);
  const app = node.app();
  if (app === undefined) return;
  const fromIndex = prng.int(accounts.length);
  const from = accounts[fromIndex];
  const to = accounts[(fromIndex + 1 + prng.int(accounts.length - 1)) % accounts.length];
  if (from === undefined || to === undefined) return;
  const nonce =
    readAccount(app.state, from.address).nonce + app.mempool.queueOf(toHex(from.address)).count;
  const messages: Message[] = [
    { type: 'transfer', to: to.address, amount: BigInt(1 + prng.int(1000)) },
  ];
  const raw = signedSimTx(input.chainId, from, nonce, messages);
  stats.submitted++;
  app.submitTxs([raw]).then(
    (results) => {
      if (results[0]?.accepted !== true || !node.isUp()) return;
      stats.accepted++;
      for (const peer of input.network.nodes())
        if (peer !== node.name) input.network.send(node.name, peer, txChannel, raw);
    },
    (error: unknown) => {
      input.onError(error);
    },
  );
}

/**
 * Puts a transaction certain to fail (deleting a record nobody wrote) straight into the pool of a
 * node in `targets`, skipping admission as a Byzantine proposer would; the block it proposes
 * then holds it, and every node must record the same failed receipt.
 */
export function injectDoomedTx(input: {
  readonly chainId: string;
  readonly accounts: readonly SimAccount[];
  readonly nodes: readonly SimNode[];
  readonly targets: readonly string[];
  readonly prng: Prng;
  readonly stats: TxStats;
}): void {
  const node = input.nodes.find((n) => input.targets.includes(n.name) && n.app() !== undefined);
  const app = node?.app();
  const from = input.prng.pick(input.accounts);
  if (app === undefined) return;
  const sender = toHex(from.address);
  const nonce = readAccount(app.state, from.address).nonce + app.mempool.queueOf(sender).count;
  const messages: Message[] = [
    { type: 'record.delete', key: `never-written-${input.prng.int(1000)}` },
  ];
  const raw = signedSimTx(input.chainId, from, nonce, messages);
  const hash = txHash(raw);
  const entry = {
    tx: decodeTx(raw),
    raw,
    hash,
    hashHex: toHex(hash),
    senderHex: sender,
    spend: 0n,
  };
  try {
    app.mempool.add(entry);
  } catch (error) {
    if (isPolityError(error, mempoolErrors.mempool_full)) return;
    throw error;
  }
  input.stats.doomed++;
}
