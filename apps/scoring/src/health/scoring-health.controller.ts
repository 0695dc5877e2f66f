import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ApiError, MONGO_DB, pingMongo } from '@dossier-ledger/platform';
import type { mongo } from 'mongoose';
import { ScoreUpdatesRunner, type ScoreUpdatesStats } from '../updates/score-updates.runner';

/**
 * Readiness: MongoDB answers a ping. The report aggregator is not checked: scoring without it answers
 * 502 per request, and a readiness check on it would take every scoring replica out with one aggregator.
 */
@ApiTags('health')
@Controller('health')
export class ScoringHealthController {
  constructor(
    @Inject(MONGO_DB) private readonly db: mongo.Db,
    @Optional() private readonly updates?: ScoreUpdatesRunner,
  ) {}

  @Get()
  @ApiOkResponse({
    description:
      'MongoDB reachable; `details.scoreUpdates`: the report.updated consumer’s counters (absent when it does not run)',
    schema: {
      example: {
        status: 'ok',
        checks: { mongo: 'up' },
        details: { scoreUpdates: { notifications: 3, recomputations: 2, scores: 54, pending: 0 } },
      },
    },
  })
  @ApiServiceUnavailableResponse({ description: 'MongoDB unreachable (error envelope)' })
  async check(): Promise<{ status: 'ok'; checks: { mongo: 'up' }; details: { scoreUpdates?: ScoreUpdatesStats } }> {
    const mongo = await pingMongo(this.db);
    if (mongo !== 'up') throw new ApiError(503, 'Not ready: mongo unreachable', [{ check: 'mongo', message: mongo }]);
    return {
      status: 'ok',
      checks: { mongo: 'up' },
      details: this.updates ? { scoreUpdates: this.updates.stats() } : {},
    };
  }
}
