import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** GET /health (needs KafkaModule and MongoModule). */
@Module({ controllers: [HealthController] })
export class HealthModule {}
