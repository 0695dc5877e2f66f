import { SerialQueue } from './serial-queue';

describe('SerialQueue', () => {
  it('runs jobs one at a time in the order they were queued', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run(job('a', 20)), queue.run(job('b', 1)), queue.run(job('c', 5))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('keeps going after a failing job, and reports its size', async () => {
    const queue = new SerialQueue();
    const failing = queue.run(async () => {
      throw new Error('boom');
    });
    const next = queue.run(() => 'ok');
    expect(queue.size).toBe(2);
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    await queue.drain();
    expect(queue.size).toBe(0);
  });
});
