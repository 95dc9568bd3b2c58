// How concentrated a genesis's voting power is. Tendermint commits a block with more than two
// thirds of the power, so one operator holding at least a third can halt the chain by staying
// away, and one holding two thirds or more is a sliver away from committing blocks alone.
// Genesis builders warn about the first and refuse the second unless told otherwise
// (`polity testnet init --allow-concentrated-power`).

/** What the largest share of a genesis's voting power can do on its own. */
export interface PowerConcentration {
  /** Index of the validator with the most power (genesis validators operate themselves). */
  readonly largest: number;
  /** Its share in basis points, rounded down. */
  readonly shareBps: number;
  /** At least a third: withholding its votes halts the chain. */
  readonly canHalt: boolean;
  /** Two thirds or more: refused unless explicitly allowed. */
  readonly twoThirdsOrMore: boolean;
}

/**
 * The concentration of the genesis validators' `powers`. A single validator is a solo chain
 * (`polity dev`, `polity init`, a one-node testnet): centralised by construction, not flagged.
 */
export function powerConcentration(powers: readonly number[]): PowerConcentration {
  let total = 0;
  let largest = 0;
  powers.forEach((p, i) => {
    total += p;
    if (p > (powers[largest] ?? 0)) largest = i;
  });
  const power = powers[largest] ?? 0;
  const several = powers.length > 1 && total > 0;
  return {
    largest,
    shareBps: total === 0 ? 0 : Math.floor((power * 10_000) / total),
    canHalt: several && power * 3 >= total,
    twoThirdsOrMore: several && power * 3 >= total * 2,
  };
}
