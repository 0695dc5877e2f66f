/** Runs jobs one at a time, in the order they were queued; a failing job does not stop the queue. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  run<T>(job: () => Promise<T> | T): Promise<T> {
    this.pending++;
    const result = this.tail.then(job, job).finally(() => this.pending--);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Resolves once everything queued so far has run. */
  async drain(): Promise<void> {
    await this.run(() => undefined);
  }
}
