import type { ReportUpdatedV1 } from '@dossier-ledger/contracts';
import { PendingScoreUpdates } from './pending-score-updates';

const update = (units: Record<string, string[]>, era = 'E1'): ReportUpdatedV1 => ({
  schema: 'report.updated.v1',
  era,
  units,
  publishedAt: '2026-01-01T00:00:00+07:00',
  covered: {},
});
const anyEra = () => true;
const TODAY = '2026-11-25';

describe('PendingScoreUpdates', () => {
  it('keeps each (window, unit) once, however often and in however many days it is named', () => {
    const pending = new PendingScoreUpdates();
    pending.add(update({ '001': ['2024-01-03', '2024-01-20'], '01': ['2024-01-03'] }), TODAY, anyEra, 0);
    pending.add(update({ '001': ['2024-01-03'] }), TODAY, anyEra, 10); // a repeat
    pending.add(update({ '001': ['2024-02-01'] }), TODAY, anyEra, 20);
    expect(pending.updates().map((u) => [u.window.code, u.units])).toEqual([
      ['2024-01', ['001', '01']],
      ['2024-Q1', ['001', '01']],
      ['2024', ['001', '01']],
      ['2024-02', ['001']],
    ]);
    expect(pending.size).toBe(7);
    expect(pending.ageMs(100)).toBe(100);
  });

  it('leaves windows reported under another era to that era’s notification', () => {
    const pending = new PendingScoreUpdates();
    // The 2025 year window ends under the new hierarchy: an old-era notification does not add it.
    const eraMatches = (era: string, onDate: string) => (onDate >= '2025-07-01' ? 'E2' : 'E1') === era;
    pending.add(update({ '001': ['2025-06-10'] }, 'E1'), TODAY, eraMatches, 0);
    pending.add(update({ '22': ['2025-06-10'] }, 'E2'), TODAY, eraMatches, 0);
    expect(pending.updates().map((u) => [u.window.code, u.units])).toEqual([
      ['2025', ['22']],
      ['2025-Q2', ['001']],
      ['2025-06', ['001']],
    ]);
  });

  it('hands out the offsets to commit only when nothing waits, and once', () => {
    const pending = new PendingScoreUpdates();
    pending.add(update({ '001': ['2024-01-03'] }), TODAY, anyEra, 0);
    pending.covered(0, '5');
    expect(pending.takeCommits()).toEqual([]);
    for (const { window } of pending.updates()) pending.done(window);
    expect(pending.size).toBe(0);
    expect(pending.takeCommits()).toEqual([{ partition: 0, offset: '5' }]);
    expect(pending.takeCommits()).toEqual([]);
  });
});
