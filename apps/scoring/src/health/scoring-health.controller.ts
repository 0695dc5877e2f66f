import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ApiError, MONGO_DB } from '@dossier-ledger/platform';
import type { mongo } from 'mongoose';

const PING_TIMEOUT_MS = 3_000;

/**
 * Readiness: MongoDB answers a ping. The report aggregator is not checked: scoring without it answers
 * 502 per request, and a readiness check on it would take every scoring replica out with one aggregator.
 */
@ApiTags('health')
@Controller('health')
export class ScoringHealthController {
  constructor(@Inject(MONGO_DB) private readonly db: mongo.Db) {}

  @Get()
  @ApiOkResponse({ description: 'MongoDB reachable', schema: { example: { status: 'ok', checks: { mongo: 'up' } } } })
  @ApiServiceUnavailableResponse({ description: 'MongoDB unreachable (error envelope)' })
  async check(): Promise<{ status: 'ok'; checks: { mongo: 'up' } }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.db.command({ ping: 1 }),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS))),
      ]);
    } catch (error) {
      throw new ApiError(503, 'Not ready: mongo unreachable', [{ check: 'mongo', message: error instanceof Error ? error.message : String(error) }]);
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ok', checks: { mongo: 'up' } };
  }
}
