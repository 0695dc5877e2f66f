import { Module, type DynamicModule } from '@nestjs/common';
import { TOPICS } from '@dossier-ledger/contracts';
import {
  AdminModule,
  AuthModule,
  jsonLoggerModule,
  KAFKA,
  KafkaBatchServer,
  kafkaBatchServerOptions,
  KafkaModule,
  MetricsModule,
  MetricsRegistry,
  MONGO_DB,
  MongoModule,
  PartitionCheckpointStore,
  TopicNames,
  authOptionsOf,
} from '@dossier-ledger/platform';
import { DEFAULT_COUNTING_RULES, type CountingRules, type UnitHierarchy } from '@dossier-ledger/reporting';
import { loadDefaultUnitRegistry, type UnitRegistry } from '@dossier-ledger/units';
import type { Kafka } from 'kafkajs';
import type { mongo } from 'mongoose';
import {
  AggregatorEnv,
  CheckpointPolicy,
  ProjectionRunner,
  RegistryUnitHierarchy,
  DossierReportProjectionFactory,
  projectionOptionsFromEnv,
  PARTITION_PROJECTION_FACTORY,
  type PartitionProjectionFactory,
  CounterFeedPublisher,
  generationNames,
  GenerationTopicNames,
} from '@dossier-ledger/aggregation';
import { AggregatorTopics } from '../consumption/aggregator-topics';
import { DossierEventsHandler } from '../consumption/dossier-events.handler';
import { AggregatorHealthController } from '../health/aggregator-health.controller';
import { AggregatorMetrics } from '../metrics/aggregator.metrics';
import { MeasuredCheckpointStore } from '../metrics/measured-checkpoint-store';
import { COUNTING_RULES, UNIT_HIERARCHY, UNIT_REGISTRY } from '../hierarchy/hierarchy.tokens';
import { ReportChangeHub } from '../live/report-change-hub';
import { ReportStreamController } from '../live/report-stream.controller';
import { ReportUpdatedPublisher } from '../live/report-updated.publisher';
import { CounterFeedReader } from '../read-model/counter-feed.reader';
import { MergedReadModel } from '../read-model/merged-read-model';
import { DossierNotesController } from '../reports/dossier-notes.controller';
import { DossierNotesUseCase } from '../reports/dossier-notes.use-case';
import { DossierReportUseCase } from '../reports/dossier-report.use-case';
import { ReportsController } from '../reports/reports.controller';
import { UnitsController } from '../hierarchy/units.controller';
import { PdfFontFiles } from '../reports/pdf-font-files';

@Module({})
export class AppModule {
  /** `generation`: whose checkpoints, counters topic and consumer group this app uses (docs/rebuild.md). */
  static register(env: AggregatorEnv, generation = 0): DynamicModule {
    const names = generationNames(generation, env.KAFKA_GROUP_ID);
    return {
      module: AppModule,
      imports: [
        jsonLoggerModule(env.LOG_LEVEL),
        KafkaModule.forRoot({
          brokers: env.KAFKA_BROKERS,
          clientId: env.KAFKA_CLIENT_ID,
          topicPrefix: env.KAFKA_TOPIC_PREFIX,
          startupTimeoutMs: env.STARTUP_TIMEOUT_MS,
        }),
        MongoModule.forRoot({ uri: env.MONGODB_URI, startupTimeoutMs: env.STARTUP_TIMEOUT_MS }),
        AdminModule.forRoot({ agencyRefreshMs: env.AGENCY_MAPPINGS_REFRESH_MS }),
        AuthModule.forRoot(authOptionsOf(env)),
        MetricsModule.forRoot({ service: 'report-aggregator' }),
      ],
      controllers: [
        DossierEventsHandler,
        ReportsController,
        AggregatorHealthController,
        ReportStreamController,
        DossierNotesController,
        UnitsController,
      ],
      providers: [
        { provide: AggregatorEnv, useValue: env },
        PdfFontFiles,
        // Overrides the global TopicNames in this module: the generation's own counters topic.
        { provide: TopicNames, useValue: new GenerationTopicNames(env.KAFKA_TOPIC_PREFIX, names) },
        { provide: UNIT_REGISTRY, useFactory: loadDefaultUnitRegistry },
        {
          provide: UNIT_HIERARCHY,
          inject: [UNIT_REGISTRY],
          useFactory: (registry: UnitRegistry) => new RegistryUnitHierarchy(registry),
        },
        { provide: COUNTING_RULES, useValue: DEFAULT_COUNTING_RULES },
        {
          provide: PartitionCheckpointStore,
          inject: [MONGO_DB],
          useFactory: (db: mongo.Db) =>
            new PartitionCheckpointStore(db, {
              manifestCollection: names.manifestCollection,
              chunkCollection: names.chunkCollection,
            }),
        },
        {
          provide: PARTITION_PROJECTION_FACTORY,
          inject: [COUNTING_RULES, UNIT_HIERARCHY],
          useFactory: (rules: CountingRules, hierarchy: UnitHierarchy) =>
            new DossierReportProjectionFactory({ rules, hierarchy, ...projectionOptionsFromEnv(env) }),
        },
        CounterFeedPublisher,
        {
          provide: ProjectionRunner,
          inject: [
            TopicNames,
            PARTITION_PROJECTION_FACTORY,
            PartitionCheckpointStore,
            CounterFeedPublisher,
            MetricsRegistry,
          ],
          useFactory: (
            topics: TopicNames,
            factory: PartitionProjectionFactory,
            store: PartitionCheckpointStore,
            publisher: CounterFeedPublisher,
            metrics: MetricsRegistry,
          ) =>
            new ProjectionRunner(
              topics.of(TOPICS.dossierEvents),
              factory,
              new MeasuredCheckpointStore(store, metrics),
              publisher,
              new CheckpointPolicy({
                eventsPerWrite: env.CHECKPOINT_EVENTS_PER_WRITE,
                maxReplayEvents: env.CHECKPOINT_MAX_REPLAY_EVENTS,
                maxIntervalMs: env.CHECKPOINT_MAX_INTERVAL_MS,
                revokeMaxChunks: env.CHECKPOINT_REVOKE_MAX_CHUNKS,
                garbageBatch: env.GARBAGE_BATCH_CHUNKS,
                garbageMaxAgeMs: env.GARBAGE_MAX_AGE_MS,
              }),
            ),
        },
        {
          provide: KafkaBatchServer,
          inject: [KAFKA],
          useFactory: (kafka: Kafka) =>
            new KafkaBatchServer(
              kafkaBatchServerOptions(kafka, env, { groupId: names.groupId, tickIntervalMs: env.PUBLISH_INTERVAL_MS }),
            ),
        },
        ReportChangeHub,
        {
          provide: MergedReadModel,
          inject: [COUNTING_RULES, ReportChangeHub],
          useFactory: (rules: CountingRules, hub: ReportChangeHub) =>
            new MergedReadModel(rules, (change) => hub.publish(change)),
        },
        ReportUpdatedPublisher,
        CounterFeedReader,
        DossierReportUseCase,
        DossierNotesUseCase,
        AggregatorTopics,
        AggregatorMetrics,
      ],
    };
  }
}
