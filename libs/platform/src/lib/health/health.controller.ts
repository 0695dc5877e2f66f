import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Admin } from 'kafkajs';
import type { mongo } from 'mongoose';
import { ApiError } from '../http/api-error';
import { KAFKA_ADMIN } from '../kafka/kafka.module';
import { MONGO_DB } from '../mongo/mongo.module';
import { withCheckTimeout } from './health-checks';

/** Readiness: 200 only when the Kafka cluster and MongoDB both answer. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    @Inject(MONGO_DB) private readonly db: mongo.Db,
  ) {}

  @Get()
  @ApiOkResponse({
    description: 'Kafka and MongoDB reachable',
    schema: { example: { status: 'ok', checks: { kafka: 'up', mongo: 'up' } } },
  })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down (error envelope, errors name the checks)' })
  async check(): Promise<{ status: 'ok'; checks: Record<string, 'up'> }> {
    const checks = {
      kafka: () => withCheckTimeout(this.admin.describeCluster(), 'Kafka describeCluster'),
      mongo: () => withCheckTimeout(this.db.command({ ping: 1 }), 'MongoDB ping'),
    };
    const results = await Promise.all(
      Object.entries(checks).map(async ([check, run]) => {
        try {
          await run();
          return { check, error: undefined };
        } catch (error) {
          return { check, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const failed = results.filter((r) => r.error !== undefined);
    if (failed.length > 0) {
      throw new ApiError(
        503,
        `Not ready: ${failed.map((f) => f.check).join(', ')} unreachable`,
        failed.map((f) => ({ check: f.check, message: f.error })),
      );
    }
    return { status: 'ok', checks: Object.fromEntries(results.map((r) => [r.check, 'up' as const])) };
  }
}
