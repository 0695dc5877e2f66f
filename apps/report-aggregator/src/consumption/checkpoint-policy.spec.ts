import { CheckpointPolicy } from './checkpoint-policy';

describe('CheckpointPolicy', () => {
  const policy = new CheckpointPolicy(20, 1000);

  it('checkpoints once the events since the last one pay 20 per document written (chunks + manifest)', () => {
    expect(policy.dueByVolume(0, 0)).toBe(false);
    expect(policy.dueByVolume(19, 0)).toBe(false);
    expect(policy.dueByVolume(20, 0)).toBe(true);
    expect(policy.dueByVolume(199, 9)).toBe(false);
    expect(policy.dueByVolume(200, 9)).toBe(true);
  });

  it('so a volume checkpoint never writes more than one document per 20 events', () => {
    for (let chunks = 0; chunks < 100; chunks++) {
      for (let events = 1; events < 3000; events += 7) {
        if (policy.dueByVolume(events, chunks)) expect((chunks + 1) / events).toBeLessThanOrEqual(0.05);
      }
    }
  });

  it('checkpoints unsaved events that waited the maximum interval', () => {
    expect(policy.dueByAge(0, null, 5000)).toBe(false);
    expect(policy.dueByAge(3, 4500, 5000)).toBe(false);
    expect(policy.dueByAge(3, 4000, 5000)).toBe(true);
  });
});
