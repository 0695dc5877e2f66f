import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { IntakeEnv } from '../config/intake.env';
import { EventIngestionService } from '../store/event-ingestion.service';
import { OutboxRepository } from '../store/outbox.repository';

/**
 * Finishes what crashed requests left in the outbox: at start-up every entry (whichever instance
 * wrote it), then periodically the entries older than OUTBOX_SWEEP_MIN_AGE_MS, so recovery does not
 * wait for the crashed instance to come back. Finishing an entry a live request is still working on
 * is harmless: it only publishes stored events, and consumers dedupe what is published twice.
 */
@Injectable()
export class OutboxSweeperService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxSweeperService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly ingestion: EventIngestionService,
    private readonly env: IntakeEnv,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: finishing a large journal must not delay serving.
    this.sweepLogged(new Date());
    this.timer = setInterval(
      () => this.sweepLogged(new Date(Date.now() - this.env.OUTBOX_SWEEP_MIN_AGE_MS)),
      this.env.OUTBOX_SWEEP_INTERVAL_MS,
    );
    this.timer.unref();
  }

  private sweepLogged(olderThan: Date): void {
    void this.sweep(olderThan).catch((error: unknown) =>
      this.logger.error(
        `outbox sweep failed, next attempt in ${this.env.OUTBOX_SWEEP_INTERVAL_MS} ms: ${(error as Error).message}`,
      ),
    );
  }

  /** Lets a running sweep finish while MongoDB and Kafka are still connected. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Finishes the entries created before `olderThan`; returns how many requests it finished. */
  sweep(olderThan: Date): Promise<number> {
    this.running ??= this.finishEntries(olderThan).finally(() => (this.running = undefined));
    return this.running;
  }

  private async finishEntries(olderThan: Date): Promise<number> {
    const entries = await this.outbox.listStale(olderThan);
    for (const entry of entries) {
      const result = await this.ingestion.resume(entry);
      this.logger.warn(
        `finished request ${entry.requestId} of ${entry.source} from the outbox: ${result.published} stored events published again, ${result.notStored} never stored`,
      );
    }
    return entries.length;
  }
}
