import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { errorEnvelope, KafkaBatchServer, MONGO_DB, pingMongo } from '@dossier-ledger/platform';
import type { mongo } from 'mongoose';
import { ProjectionRunner } from '@dossier-ledger/aggregation';
import { CounterFeedReader } from '../read-model/counter-feed.reader';
import { MergedReadModel } from '../read-model/merged-read-model';

/**
 * Readiness of a report replica: the store answers and the read model has read the counters topic
 * up to its end offsets as of start-up. The partition assignment is in the details but does not
 * gate readiness: a replica between rebalances still serves every report.
 */
@ApiTags('health')
@Controller('health')
export class AggregatorHealthController {
  constructor(
    @Inject(MONGO_DB) private readonly db: mongo.Db,
    private readonly reader: CounterFeedReader,
    private readonly readModel: MergedReadModel,
    private readonly server: KafkaBatchServer,
    private readonly runner: ProjectionRunner,
  ) {}

  @Get()
  @ApiOkResponse({
    description: 'Ready: store reachable, read model loaded; details show assignment, checkpoints, writes per event',
  })
  @ApiServiceUnavailableResponse({ description: 'Not ready (error envelope; errors name the failed checks)' })
  async check(@Res({ passthrough: true }) response: Response): Promise<Record<string, unknown>> {
    const store = await pingMongo(this.db);
    const caughtUp = this.reader.isCaughtUp();
    const details = {
      assignment: this.server.assignment(),
      partitions: this.runner.status(),
      consumption: this.runner.stats(),
      readModel: {
        ...this.reader.progress(),
        ...this.readModel.stats(),
        coveredOffsets: this.readModel.coveredOffsets(),
      },
    };
    const failed = [
      ...(store === 'up' ? [] : [{ check: 'store', message: store }]),
      ...(caughtUp ? [] : [{ check: 'readModel', message: 'still reading the counters topic' }]),
    ];
    if (failed.length > 0) {
      // Answered, not thrown: a replica warming up is not an error worth a log line per probe.
      response.status(503);
      return { ...errorEnvelope(503, `Not ready: ${failed.map((f) => f.check).join(', ')}`, failed), details };
    }
    return { status: 'ok', checks: { store: 'up', readModel: 'caught-up' }, details };
  }
}
