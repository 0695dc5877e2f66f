export interface PeerTotal {
  readonly unitCode: string;
  readonly total: number;
}

export interface PeerRank {
  readonly unitCode: string;
  readonly total: number;
  /** Standard competition rank: 1 + the number of peers with a strictly higher total. */
  readonly rank: number;
  /** Another peer has the same total (and so the same rank). */
  readonly tied: boolean;
  /** Number of ranked peers ("3rd of 10"). */
  readonly of: number;
}

/**
 * Ranks peers (the communes of a district, the districts of a province, …) by total, highest first.
 *
 * Tie rule — standard competition ranking ("1, 2, 2, 4"): peers with equal totals share a rank and the
 * next rank skips by the size of the tie. Nothing breaks a tie; totals are compared exactly as given,
 * i.e. as published (scoreUnit rounds totals to the rule set's precision, so 87.43 and 87.43 tie).
 * Display order within a tie is by unitCode (ordinal string order), which carries no meaning.
 *
 * Scores of different rule sets or windows must not be mixed; the caller groups them. Units without a
 * score are the caller's to list separately (they are not ranked).
 *
 * @throws RangeError on a duplicate unitCode or a total that is not a finite number.
 */
export function rankPeers(scores: readonly PeerTotal[]): PeerRank[] {
  const seen = new Set<string>();
  for (const { unitCode, total } of scores) {
    if (typeof unitCode !== 'string' || unitCode.length === 0)
      throw new RangeError('rankPeers: unitCode must be a non-empty string');
    if (seen.has(unitCode)) throw new RangeError(`rankPeers: unit ${unitCode} appears twice`);
    if (typeof total !== 'number' || !Number.isFinite(total)) {
      throw new RangeError(`rankPeers: unit ${unitCode}: total must be a finite number, got ${String(total)}`);
    }
    seen.add(unitCode);
  }
  const ordered = [...scores].sort(
    (a, b) => b.total - a.total || (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0),
  );
  const counts = new Map<number, number>();
  for (const { total } of ordered) counts.set(total, (counts.get(total) ?? 0) + 1);
  const ranks: PeerRank[] = [];
  ordered.forEach(({ unitCode, total }, index) => {
    const previous = ranks[index - 1];
    const rank = previous && previous.total === total ? previous.rank : index + 1;
    ranks.push({ unitCode, total, rank, tied: (counts.get(total) ?? 0) > 1, of: ordered.length });
  });
  return ranks;
}
