// The node's status to its API shape.
import { toHex } from '../../lib/index.ts';
import { validatorToJson } from '../shapes/chainJson.ts';
import type { NodeStatus } from '../service.ts';
import type { StatusJson } from './specs.ts';

/** Node status. */
export function statusToJson(s: NodeStatus): StatusJson {
  return {
    chainId: s.chainId,
    nodeVersion: s.nodeVersion,
    mode: s.mode,
    latestHeight: s.latestHeight,
    latestBlockHash: s.latestBlockHash === undefined ? null : toHex(s.latestBlockHash),
    latestBlockTimeMs: s.latestBlockTimeMs ?? null,
    stateRoot: toHex(s.stateRoot),
    mempoolTxs: s.mempoolTxs,
    mempoolBytes: s.mempoolBytes,
    validators: s.validators.map(validatorToJson),
    minGasPrice: s.minGasPrice.toString(),
    halted: s.halted ?? null,
  };
}
