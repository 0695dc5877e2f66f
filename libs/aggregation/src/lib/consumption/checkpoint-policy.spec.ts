import { CheckpointPolicy } from './checkpoint-policy';

describe('CheckpointPolicy', () => {
  const policy = new CheckpointPolicy({
    eventsPerWrite: 20,
    maxReplayEvents: 10_000,
    maxIntervalMs: 1000,
    revokeMaxChunks: 50,
    garbageBatch: 10,
    garbageMaxAgeMs: 100,
  });

  it('checkpoints once the events since the last one pay 20 per document written (chunks + manifest)', () => {
    expect(policy.dueAfterBatch(0, 0)).toBe(false);
    expect(policy.dueAfterBatch(19, 0)).toBe(false);
    expect(policy.dueAfterBatch(20, 0)).toBe(true);
    expect(policy.dueAfterBatch(199, 9)).toBe(false);
    expect(policy.dueAfterBatch(200, 9)).toBe(true);
  });

  it('so a volume checkpoint never writes more than one document per 20 events', () => {
    for (let chunks = 0; chunks < 100; chunks++) {
      for (let events = 1; events < 3000; events += 7) {
        if (policy.dueAfterBatch(events, chunks)) expect((chunks + 1) / events).toBeLessThanOrEqual(0.05);
      }
    }
  });

  it('checkpoints whatever it costs when the replay would get too long', () => {
    expect(policy.dueAfterBatch(10_000, 5_000)).toBe(true);
    expect(policy.dueAfterBatch(9_999, 5_000)).toBe(false);
  });

  it('checkpoints unsaved events that waited the maximum interval', () => {
    expect(policy.dueByAge(0, null, 5000)).toBe(false);
    expect(policy.dueByAge(3, 4500, 5000)).toBe(false);
    expect(policy.dueByAge(3, 4000, 5000)).toBe(true);
  });

  it('hands a partition back with a checkpoint only when it is small enough for a shutdown', () => {
    expect(policy.worthOnRevoke(0, 0)).toBe(false);
    expect(policy.worthOnRevoke(3, 2)).toBe(true);
    expect(policy.worthOnRevoke(3000, 51)).toBe(false);
  });

  it('collects garbage by the batch, or when it is old', () => {
    expect(policy.dueForGarbageCollection(9, 0, 50)).toBe(false);
    expect(policy.dueForGarbageCollection(10, 0, 50)).toBe(true);
    expect(policy.dueForGarbageCollection(1, 0, 100)).toBe(true);
    expect(policy.dueForGarbageCollection(0, 0, 1000)).toBe(false);
  });
});
