import { Module, type DynamicModule } from '@nestjs/common';
import {
  AdminModule,
  AuthModule,
  HealthModule,
  jsonLoggerModule,
  KafkaModule,
  MetricsModule,
  MONGO_DB,
  MongoModule,
  authOptionsOf,
} from '@dossier-ledger/platform';
import type { mongo } from 'mongoose';
import { AgencyMappingsController } from '../admin/agency-mappings.controller';
import { KeysController } from '../admin/keys.controller';
import { DossierEventsController } from '../dossier-log/dossier-events.controller';
import { DossierLogHandler } from '../dossier-log/dossier-log.handler';
import { DossierLogWriter } from '../dossier-log/dossier-log.writer';
import { intakeConsumerServers } from '../consumers/intake-consumers';
import { DOSSIER_LOG_DB, DossierLogRepository, dossierLogDb } from '../dossier-log/dossier-log.repository';
import { ReadDossierEventsUseCase } from '../dossier-log/read-dossier-events.use-case';
import { DvcqgController } from '../dvcqg/dvcqg.controller';
import { DvcqgStateRepository } from '../dvcqg/dvcqg-state.repository';
import { SyncDvcqgSnapshotUseCase } from '../dvcqg/sync-dvcqg-snapshot.use-case';
import { AcceptEventsUseCase } from '../events/accept-events.use-case';
import { EventBatchValidator } from '../events/event-batch-validator';
import { EventsController } from '../events/events.controller';
import { RawIntakeHandler } from '../kafka-intake/raw-intake.handler';
import { DeadLetterPublisher } from '../publishing/dead-letter.publisher';
import { DossierEventPublisher } from '../publishing/dossier-event.publisher';
import { IntakeMetrics } from '../metrics/intake.metrics';
import { KafkaProducerService } from '../publishing/kafka-producer.service';
import { OutboxSweeperService } from '../publishing/outbox-sweeper.service';
import { TopicsInitializer } from '../publishing/topics.initializer';
import { CrashPoints } from '../store/crash-points';
import { EventIngestionService } from '../store/event-ingestion.service';
import { EventStoreRepository } from '../store/event-store.repository';
import { OutboxRepository } from '../store/outbox.repository';
import { IntakeEnv } from '../config/intake.env';
import { unitRegistryProvider } from './unit-registry.provider';

/** The dossier intake service: HTTP and Kafka inputs → event store → dossier events topic. */
@Module({})
export class AppModule {
  static forRoot(env: IntakeEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        jsonLoggerModule(env.LOG_LEVEL),
        MongoModule.forRoot({ uri: env.MONGODB_URI, startupTimeoutMs: env.STARTUP_TIMEOUT_MS }),
        AdminModule.forRoot({ agencyRefreshMs: env.AGENCY_MAPPINGS_REFRESH_MS }),
        KafkaModule.forRoot({
          brokers: env.KAFKA_BROKERS,
          clientId: `${env.KAFKA_CLIENT_ID}.intake`,
          topicPrefix: env.KAFKA_TOPIC_PREFIX,
          startupTimeoutMs: env.STARTUP_TIMEOUT_MS,
        }),
        AuthModule.forRoot(authOptionsOf(env)),
        HealthModule,
        MetricsModule.forRoot({ service: 'dossier-intake' }),
      ],
      controllers: [
        AgencyMappingsController,
        KeysController,
        EventsController,
        DvcqgController,
        DossierEventsController,
        RawIntakeHandler,
        DossierLogHandler,
      ],
      providers: [
        { provide: IntakeEnv, useValue: env },
        unitRegistryProvider,
        // Kafka plumbing
        TopicsInitializer,
        KafkaProducerService,
        DossierEventPublisher,
        DeadLetterPublisher,
        // Store and durability
        EventStoreRepository,
        OutboxRepository,
        CrashPoints,
        EventIngestionService,
        OutboxSweeperService,
        // Use cases
        EventBatchValidator,
        IntakeMetrics,
        AcceptEventsUseCase,
        DvcqgStateRepository,
        SyncDvcqgSnapshotUseCase,
        {
          provide: DOSSIER_LOG_DB,
          inject: [MONGO_DB],
          useFactory: (db: mongo.Db) => dossierLogDb(db, env.DOSSIER_LOG_DATABASE),
        },
        DossierLogRepository,
        ReadDossierEventsUseCase,
        // Consumers (connected as microservices by prepareIntakeApp)
        DossierLogWriter,
        ...intakeConsumerServers,
      ],
      exports: [AcceptEventsUseCase, SyncDvcqgSnapshotUseCase, EventIngestionService],
    };
  }
}
