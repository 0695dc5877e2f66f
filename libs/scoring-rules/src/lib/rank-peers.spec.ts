import fc from 'fast-check';
import { rankPeers } from './rank-peers';

describe('rankPeers (standard competition ranking, "1, 2, 2, 4")', () => {
  it('gives tied totals the same rank and skips the next ranks', () => {
    const ranks = rankPeers([
      { unitCode: '00007', total: 80 },
      { unitCode: '00004', total: 85 },
      { unitCode: '00001', total: 90 },
      { unitCode: '00002', total: 85 },
      { unitCode: '00009', total: 70 },
    ]);
    expect(ranks.map((rank) => [rank.unitCode, rank.rank, rank.tied])).toEqual([
      ['00001', 1, false],
      ['00002', 2, true],
      ['00004', 2, true],
      ['00007', 4, false],
      ['00009', 5, false],
    ]);
    expect(ranks.every((rank) => rank.of === 5)).toBe(true);
  });

  it('orders a tie by unitCode for display whatever the input order', () => {
    const a = rankPeers([
      { unitCode: 'b', total: 1 },
      { unitCode: 'a', total: 1 },
      { unitCode: 'c', total: 1 },
    ]);
    expect(a.map((rank) => [rank.unitCode, rank.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
  });

  it('breaks nothing on near ties: totals differ by one hundredth, ranks differ', () => {
    const ranks = rankPeers([
      { unitCode: 'x', total: 87.43 },
      { unitCode: 'y', total: 87.44 },
    ]);
    expect(ranks.map((rank) => [rank.unitCode, rank.rank])).toEqual([
      ['y', 1],
      ['x', 2],
    ]);
  });

  it('handles no peers and a single peer', () => {
    expect(rankPeers([])).toEqual([]);
    expect(rankPeers([{ unitCode: '001', total: 0 }])).toEqual([
      { unitCode: '001', total: 0, rank: 1, tied: false, of: 1 },
    ]);
  });

  it('rejects duplicate units and totals that are not numbers', () => {
    expect(() =>
      rankPeers([
        { unitCode: 'a', total: 1 },
        { unitCode: 'a', total: 2 },
      ]),
    ).toThrow('rankPeers: unit a appears twice');
    expect(() => rankPeers([{ unitCode: 'a', total: Number.NaN }])).toThrow(
      'rankPeers: unit a: total must be a finite number, got NaN',
    );
    expect(() => rankPeers([{ unitCode: '', total: 1 }])).toThrow('rankPeers: unitCode must be a non-empty string');
  });

  it('property: rank = 1 + number of peers with a strictly higher total', () => {
    const peers = fc.uniqueArray(
      fc.record({ unitCode: fc.string({ minLength: 1, maxLength: 4 }), total: fc.integer({ min: 0, max: 20 }) }),
      {
        selector: (peer) => peer.unitCode,
        maxLength: 30,
      },
    );
    fc.assert(
      fc.property(peers, (list) => {
        const ranks = rankPeers(list);
        expect(ranks).toHaveLength(list.length);
        for (const rank of ranks) {
          expect(rank.rank).toBe(1 + list.filter((peer) => peer.total > rank.total).length);
          expect(rank.tied).toBe(list.filter((peer) => peer.total === rank.total).length > 1);
        }
        for (let i = 1; i < ranks.length; i++) expect(ranks[i].rank).toBeGreaterThanOrEqual(ranks[i - 1].rank);
      }),
    );
  });
});
