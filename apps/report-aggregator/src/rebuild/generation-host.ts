import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { KafkaBatchServer } from '@dossier-ledger/platform';
import mongoose from 'mongoose';
import { createAggregatorApp } from '../app/aggregator-app';
import { type AggregatorEnv, GenerationRepository } from '@dossier-ledger/aggregation';
import { CounterFeedReader } from '../read-model/counter-feed.reader';

export interface GenerationHostOptions {
  /** Starts serving HTTP (main: `app.listen(PORT)`); called again with each new generation's app. */
  listen(app: INestApplication): Promise<void>;
  shutdownHooks?: boolean;
}

/**
 * Runs the aggregator app of the active generation and moves to a new one when a rebuild switches
 * (it polls the `aggregator_generation` document by `_id` every GENERATION_POLL_MS). A switch:
 * 1. creates the new generation's app without consuming and without listening; its read model
 *    reads the new counters topic (the old app keeps serving its figures, verified equal);
 * 2. once that read model is caught up, stops the old consumer (final checkpoints, leaves the old
 *    group) while the old app still serves, closes the old app, listens with the new one — ready at
 *    once — and starts its consumer, which restores the rebuilt checkpoints and goes on from them.
 * Only closing the old app (HTTP server, connections) leaves the port unanswered, about a second.
 */
export class GenerationHost {
  private readonly log = new Logger(GenerationHost.name);
  private timer?: NodeJS.Timeout;
  private switching?: Promise<void>;
  private closed = false;

  private constructor(
    private readonly env: AggregatorEnv,
    private readonly options: GenerationHostOptions,
    private readonly connection: mongoose.Connection,
    private readonly generations: GenerationRepository,
    private current: { app: INestApplication; generation: number },
  ) {}

  static async start(env: AggregatorEnv, options: GenerationHostOptions): Promise<GenerationHost> {
    const connection = await mongoose
      .createConnection(env.MONGODB_URI, { serverSelectionTimeoutMS: 10_000 })
      .asPromise();
    try {
      const generations = new GenerationRepository(connection.db as mongoose.mongo.Db);
      const { generation } = await generations.read();
      const app = await createAggregatorApp(env, { generation, shutdownHooks: options.shutdownHooks });
      await options.listen(app);
      const host = new GenerationHost(env, options, connection, generations, { app, generation });
      host.timer = setInterval(() => host.poll(), env.GENERATION_POLL_MS).unref();
      return host;
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  get app(): INestApplication {
    return this.current.app;
  }

  get generation(): number {
    return this.current.generation;
  }

  /** Stops polling and closes the current app (tests; main leaves it to the app's signal handling). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.switching;
    await this.current.app.close();
    await this.connection.close().catch(() => undefined);
  }

  private poll(): void {
    if (this.switching || this.closed) return;
    this.switching = this.check()
      .catch((error: unknown) => this.log.error(`generation switch failed, will retry: ${(error as Error).message}`))
      .finally(() => (this.switching = undefined));
  }

  private async check(): Promise<void> {
    const { generation } = await this.generations.read();
    if (generation === this.current.generation) return;
    this.log.log(`generation ${generation} is active (serving ${this.current.generation}): loading its read model`);
    const next = await createAggregatorApp(this.env, {
      generation,
      shutdownHooks: this.options.shutdownHooks,
      consume: false,
    });
    try {
      await next.get(CounterFeedReader).whenCaughtUp();
      if (this.closed) throw new Error('host closed during the switch');
    } catch (error) {
      await next.close().catch(() => undefined);
      throw error;
    }
    const previous = this.current;
    // The old consumer first (final checkpoints, leaving its group) while the old app still answers.
    await previous.app.get(KafkaBatchServer).close();
    await previous.app.close();
    this.current = { app: next, generation };
    await this.options.listen(next);
    await next.startAllMicroservices();
    this.log.log(`serving generation ${generation} (was ${previous.generation})`);
  }
}
