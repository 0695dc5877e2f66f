import { Injectable, Logger } from '@nestjs/common';
import type { CounterChange, CounterChangeListener } from './counter-change';

/**
 * In-process fan-out of the read model's counter changes to the live views (SSE streams, the
 * `report.updated.v1` publisher). Synchronous: listeners only buffer, they never do I/O here.
 */
@Injectable()
export class ReportChangeHub {
  private readonly log = new Logger(ReportChangeHub.name);
  private readonly listeners = new Set<CounterChangeListener>();

  /** Returns the unsubscribe function. */
  subscribe(listener: CounterChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(change: CounterChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        // One faulty listener must not stop the read model nor the other listeners.
        this.log.error(`change listener failed: ${(error as Error).message}`);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
