import type { RunnerStats } from '../consumption/projection-runner';
import { sumStats, workerGroupId } from './parallel-replay';
import { generationNames } from './aggregator-generation';

const stats = (records: number, writes: number, archived: number): RunnerStats => ({
  records,
  applied: records - 1,
  duplicates: 1,
  rejected: 0,
  skipped: 0,
  gaps: 0,
  checkpoints: 2,
  publications: 3,
  store: {
    writes,
    chunkWrites: writes - 1,
    manifestWrites: 1,
    chunkBytes: 10,
    deletes: 0,
    reads: 4,
    checkpoints: 2,
    conflicts: 0,
  },
  writesPerEvent: writes / records,
  inMemory: 7,
  archived,
});

describe('sumStats', () => {
  it("adds up the workers' figures and recomputes writes per event over the sum", () => {
    const total = sumStats([stats(100, 10, 5), stats(300, 50, 1)]);
    expect(total).toMatchObject({
      records: 400,
      applied: 398,
      duplicates: 2,
      checkpoints: 4,
      inMemory: 14,
      archived: 6,
    });
    expect(total.store).toMatchObject({ writes: 60, chunkWrites: 58, manifestWrites: 2, chunkBytes: 20, reads: 8 });
    expect(total.writesPerEvent).toBeCloseTo(60 / 400);
  });

  it('answers zeros and no writes per event for no worker', () => {
    const total = sumStats([]);
    expect(total.records).toBe(0);
    expect(total.store.writes).toBe(0);
    expect(total.writesPerEvent).toBeNull();
  });
});

describe('workerGroupId', () => {
  it("is the generation's group for worker 0 (it commits), a group of their own for the others", () => {
    const names = generationNames(3, 'report-aggregator');
    expect(workerGroupId(names, 0)).toBe('report-aggregator.g3');
    expect(workerGroupId(names, 1)).toBe('report-aggregator.g3.replay-1');
    expect(workerGroupId(names, 2)).not.toBe(workerGroupId(names, 1));
  });
});
