// The gas schedule: what each part of a transaction costs. It is protocol (every node must charge
// the same), and clients use it to estimate a transaction's gas before signing.
import { utf8 } from '../lib/index.ts';
import type { Message } from './tx.ts';

/** Gas prices of this protocol version. */
export const gasSchedule = {
  txBase: 1_000,
  perTxByte: 10,
  transfer: 1_000,
  recordPut: 2_000,
  perRecordByte: 20,
  recordDelete: 1_000,
  validatorsUpdate: 10_000,
  perValidatorUpdate: 1_000,
  govPropose: 50_000,
  perProposalByte: 20,
  govDeposit: 5_000,
  govVote: 5_000,
  perCandidate: 200,
  govDelegate: 5_000,
  stake: 20_000,
} as const;

/** Gas a message costs when executed. */
export function messageGas(message: Message): number {
  switch (message.type) {
    case 'transfer':
      return gasSchedule.transfer;
    case 'record.put':
      return (
        gasSchedule.recordPut +
        gasSchedule.perRecordByte * (utf8(message.key).length + message.value.length)
      );
    case 'record.delete':
      return gasSchedule.recordDelete;
    case 'validators.update':
      return gasSchedule.validatorsUpdate + gasSchedule.perValidatorUpdate * message.updates.length;
    case 'gov.propose':
      return (
        gasSchedule.govPropose +
        gasSchedule.perProposalByte * (utf8(message.title).length + utf8(message.text).length)
      );
    case 'gov.deposit':
      return gasSchedule.govDeposit;
    case 'gov.vote':
      return gasSchedule.govVote + gasSchedule.perCandidate * message.candidates.length;
    case 'gov.delegate':
      return gasSchedule.govDelegate;
    case 'stake.create-validator':
    case 'stake.delegate':
    case 'stake.undelegate':
    case 'stake.withdraw':
    case 'stake.unjail':
      return gasSchedule.stake;
  }
}

/** Gas charged before any message runs: a base cost plus the encoded size. */
export function intrinsicGas(encodedTxBytes: number): number {
  return gasSchedule.txBase + gasSchedule.perTxByte * encodedTxBytes;
}

/** The gas a transaction will use if every message succeeds. */
export function estimateGas(messages: readonly Message[], encodedTxBytes: number): number {
  let gas = intrinsicGas(encodedTxBytes);
  for (const m of messages) gas += messageGas(m);
  return gas;
}
