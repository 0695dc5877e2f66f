import { expiredScoreVersions } from './score.retention';

const score = (id: string, unitCode: string, day: string, to = '2025-03-31') => ({
  _id: id,
  ruleSetRef: '766@1',
  unitCode,
  from: '2025-01-01',
  to,
  computedAt: new Date(`${day}T00:00:00Z`),
});

describe('score retention', () => {
  it('keeps the newest version of each rule set, unit and window, and superseded ones younger than the cutoff', () => {
    const scores = [
      score('a1', '22', '2025-01-10'),
      score('a2', '22', '2025-02-10'),
      score('a3', '22', '2025-05-10'), // newest of 22 / Q1
      score('b1', '24', '2025-01-10'), // the only version of 24: kept however old
      score('c1', '22', '2025-01-10', '2025-06-30'), // another window
      score('c2', '22', '2025-04-20', '2025-06-30'), // newest of that window
    ];
    expect(expiredScoreVersions(scores, new Date('2025-03-01T00:00:00Z')).sort()).toEqual(['a1', 'a2', 'c1']);
    expect(expiredScoreVersions(scores, new Date('2025-02-01T00:00:00Z')).sort()).toEqual(['a1', 'c1']);
  });
});
