// How `polity gov …` shows governance answers to people: a proposal and its counts, the chambers'
// rolls and the capture metrics. `--json` prints the typed answers themselves instead.
import type {
  CaptureJson,
  ChamberResultJson,
  ChambersJson,
  ProofJson,
  ProposalJson,
} from '../../api/client/index.ts';
import type { CliIo } from '../io.ts';
import { formatAmount, printFields, printTable } from '../output.ts';

const time = (ms: number | null): string | undefined =>
  ms === null ? undefined : new Date(ms).toISOString();

function verdict(r: ChamberResultJson, yesEntitiesMin: number): string {
  if (r.vetoed) return 'vetoed';
  if (r.approved) return 'approves';
  if (r.turnoutBps < r.quorumBps) return 'does not approve: no quorum';
  if (r.yesEntities < yesEntitiesMin)
    return `does not approve: ${r.yesEntities} of ${yesEntitiesMin} entities needed voted yes`;
  return 'does not approve';
}

/**
 * A count: one line per chamber with its verdict, then each side's weight — cast by voters
 * themselves (own), followed from a delegate or validator (delegated), both before the per-entity
 * cap, and what was counted once capped.
 */
export function printResults(
  io: CliIo,
  results: readonly ChamberResultJson[],
  yesEntitiesMin: number,
): void {
  printTable(
    io,
    ['CHAMBER', 'ELIGIBLE', 'TURNOUT', 'QUORUM', 'YES ENTITIES', 'VERDICT'],
    results.map((r) => [
      r.chamber,
      r.eligible,
      `${(r.turnoutBps / 100).toFixed(2)}%`,
      `${(r.quorumBps / 100).toFixed(2)}%`,
      `${r.yesEntities} of ${yesEntitiesMin}`,
      verdict(r, yesEntitiesMin),
    ]),
  );
  io.stdout.write('\n');
  const sides = ['yes', 'no', 'abstain', 'veto'] as const;
  printTable(
    io,
    ['CHAMBER', 'SIDE', 'OWN', 'DELEGATED', 'COUNTED (CAPPED)'],
    results.flatMap((r) =>
      sides.map((side) => [r.chamber, side, r.own[side], r.delegated[side], r[side]]),
    ),
  );
}

/** A proposal and its recorded counts. */
export function showProposal(io: CliIo, p: ProposalJson): void {
  printFields(io, [
    ['id', p.id],
    ['kind', p.kind],
    ['status', p.status],
    ['title', p.title],
    ['action', JSON.stringify(p.action)],
    ['deposit', formatAmount(p.deposit)],
    ['voting ends', time(p.votingEndMs)],
    ['takes effect', time(p.enactAtMs)],
    ['outcome', p.outcome === '' ? undefined : p.outcome],
  ]);
  if (p.results.length > 0) {
    io.stdout.write('\n');
    printResults(io, p.results, p.policy.yesEntitiesMin);
  }
}

/** The line saying what a proved answer was verified against. */
export function proofNote(io: CliIo, proof: ProofJson | null): void {
  if (proof !== null)
    io.stdout.write(
      `proof: verified against block ${proof.header.height} (state root ${proof.header.stateRoot})\n`,
    );
}

/** Who votes in each chamber. */
export function showChambers(io: CliIo, doc: ChambersJson): void {
  io.stdout.write(`mode: ${doc.mode}\n\nstake\n`);
  printTable(
    io,
    ['HOLDER', 'ENTITY', 'WEIGHT'],
    doc.stake.map((h) => [h.holder, h.entity, h.weight]),
  );
  io.stdout.write('\nmembers\n');
  printTable(
    io,
    ['MEMBER', 'DELEGATE'],
    doc.members.map((m) => [m.member, m.delegate ?? '']),
  );
  io.stdout.write('\nmaintainers\n');
  printTable(
    io,
    ['SEAT', 'TERMS'],
    doc.maintainers.map((s) => [s.holder, String(s.consecutiveTerms)]),
  );
}

/** A coalition size, or "impossible". */
export function count(value: number | null): string {
  return value === null ? 'impossible' : String(value);
}

/** Capture metrics. */
export function showCapture(io: CliIo, c: CaptureJson): void {
  io.stdout.write(
    `capture metrics computed at block ${c.height}\n\nNakamoto coefficient (fewest entities holding more than the share; capped, uncapped at ⅓)\n`,
  );
  printTable(
    io,
    ['CHAMBER', 'ENTITIES', '⅓', '½', '⅔', '⅓ UNCAPPED', 'FLOOR'],
    c.chambers.map((x) => [
      x.chamber,
      String(x.entities),
      count(x.nakamoto.third),
      count(x.nakamoto.half),
      count(x.nakamoto.twoThirds),
      count(x.nakamotoThirdUncapped),
      x.belowFloor ? 'BELOW: protocol kinds tightened' : 'ok',
    ]),
  );
  io.stdout.write(
    '\nsmallest coalitions per kind (entities of different chambers counted apart)\n',
  );
  printTable(
    io,
    ['KIND', 'PASS vs ALL', 'PASS if others abstain', 'BLOCK', 'PASS uncapped', 'BLOCK uncapped'],
    c.kinds.map((k) => [
      k.kind,
      count(k.pass),
      count(k.passIfOthersAbstain),
      count(k.block),
      count(k.uncapped.pass),
      count(k.uncapped.block),
    ]),
  );
  const k = c.consensus;
  io.stdout.write(
    '\nconsensus (fewest operators, or validators where no operator is known, that can halt the chain: at least ⅓ of voting power; finalize blocks alone: more than ⅔)\n',
  );
  printTable(
    io,
    ['VALIDATORS', 'OPERATORS', 'HALT', 'FINALIZE'],
    [[String(k.validators), String(k.entities), count(k.halt), count(k.finalize)]],
  );
}
