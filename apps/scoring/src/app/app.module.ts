import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import {
  AdminModule,
  AuditLog,
  MONGO_DB,
  AuthModule,
  jsonLoggerModule,
  KAFKA,
  KafkaBatchServer,
  kafkaBatchServerOptions,
  KafkaModule,
  MetricsModule,
  MongoModule,
  UnitScopeChecker,
  authOptionsOf,
} from '@dossier-ledger/platform';
import { localDateOfEpochMs } from '@dossier-ledger/calendar';
import type { RuleSetCatalog } from '@dossier-ledger/scoring-rules';
import { loadDefaultUnitRegistry, type UnitRegistry } from '@dossier-ledger/units';
import type { Kafka } from 'kafkajs';
import type { mongo } from 'mongoose';
import { ScoringEnv } from '../config/scoring.env';
import { ReportFiguresClient } from '../figures/report-figures.client';
import { UnitFiguresReader } from '../figures/unit-figures.reader';
import { ScoringHealthController } from '../health/scoring-health.controller';
import { RULE_SET_CATALOG, loadRuleSetCatalog } from '../rule-sets/rule-set-catalog.loader';
import { ScoreRecorder } from '../scores/score-recorder';
import { ScoresController } from '../scores/scores.controller';
import { ScoringUseCase } from '../scores/scoring.use-case';
import { MANUAL_INPUT_CACHE_TTL_MS, ManualInputRepository } from '../store/manual-input.repository';
import { ScoreRepository } from '../store/score.repository';
import { TargetsController } from '../targets/targets.controller';
import { createTargetsUseCase, TargetsUseCase } from '../targets/targets.use-case';
import { ReportUpdatedHandler } from '../updates/report-updated.handler';
import { ScoreUpdatedPublisher } from '../updates/score-updated.publisher';
import { ScoreUpdatesRunner } from '../updates/score-updates.runner';
import { ScoringTopics } from '../updates/scoring-topics';
import { eraMatcher } from '../updates/era-matcher';

export const UNIT_REGISTRY = Symbol('UNIT_REGISTRY');

/**
 * The scoring service: the HTTP API, and — when REPORT_API_KEY is set — the `report.updated.v1`
 * consumer that recomputes, stores and publishes the scores of changed units.
 */
@Module({})
export class AppModule {
  static forRoot(env: ScoringEnv): DynamicModule {
    const consumer = env.REPORT_API_KEY !== undefined;
    const consumerProviders: Provider[] = [
      ScoringTopics,
      ScoreUpdatedPublisher,
      {
        provide: ScoreUpdatesRunner,
        inject: [UnitFiguresReader, ScoreRecorder, ScoreUpdatedPublisher, RULE_SET_CATALOG, UNIT_REGISTRY],
        useFactory: (
          reader: UnitFiguresReader,
          recorder: ScoreRecorder,
          publisher: ScoreUpdatedPublisher,
          catalog: RuleSetCatalog,
          registry: UnitRegistry,
        ) =>
          new ScoreUpdatesRunner(
            reader,
            recorder,
            publisher,
            catalog,
            eraMatcher(registry),
            {
              authorization: `Bearer ${env.REPORT_API_KEY}`,
              lingerMs: env.SCORE_UPDATE_LINGER_MS,
              maxPending: env.SCORE_UPDATE_MAX_PENDING,
            },
            { nowMs: () => Date.now(), today: () => localDateOfEpochMs(Date.now()) },
          ),
      },
      {
        provide: KafkaBatchServer,
        inject: [KAFKA],
        useFactory: (kafka: Kafka) =>
          new KafkaBatchServer(
            kafkaBatchServerOptions(kafka, env, {
              groupId: env.KAFKA_GROUP_ID,
              tickIntervalMs: Math.max(50, Math.min(1000, env.SCORE_UPDATE_LINGER_MS)),
            }),
          ),
      },
    ];
    return {
      module: AppModule,
      imports: [
        jsonLoggerModule(env.LOG_LEVEL),
        MongoModule.forRoot({ uri: env.MONGODB_URI, startupTimeoutMs: env.STARTUP_TIMEOUT_MS }),
        AdminModule.forRoot({ agencyRefreshMs: env.AGENCY_MAPPINGS_REFRESH_MS }),
        AuthModule.forRoot(authOptionsOf(env)),
        MetricsModule.forRoot({ service: 'scoring' }),
        ...(consumer
          ? [
              KafkaModule.forRoot({
                brokers: env.KAFKA_BROKERS,
                clientId: env.KAFKA_CLIENT_ID,
                topicPrefix: env.KAFKA_TOPIC_PREFIX,
                startupTimeoutMs: env.STARTUP_TIMEOUT_MS,
              }),
            ]
          : []),
      ],
      controllers: [
        ScoresController,
        TargetsController,
        ScoringHealthController,
        ...(consumer ? [ReportUpdatedHandler] : []),
      ],
      providers: [
        { provide: ScoringEnv, useValue: env },
        { provide: UNIT_REGISTRY, useFactory: loadDefaultUnitRegistry },
        { provide: RULE_SET_CATALOG, useFactory: () => loadRuleSetCatalog(env.RULE_SETS_DIR) },
        {
          provide: ReportFiguresClient,
          useFactory: () =>
            new ReportFiguresClient({ baseUrl: env.REPORT_API_URL, timeoutMs: env.REPORT_API_TIMEOUT_MS }),
        },
        {
          provide: UnitFiguresReader,
          inject: [ReportFiguresClient, UNIT_REGISTRY],
          useFactory: (client: ReportFiguresClient, registry: UnitRegistry) =>
            new UnitFiguresReader(client, registry, env.REPORT_API_CONCURRENCY),
        },
        { provide: MANUAL_INPUT_CACHE_TTL_MS, useValue: env.MANUAL_INPUT_CACHE_TTL_MS },
        ManualInputRepository,
        {
          provide: TargetsUseCase,
          inject: [MONGO_DB, AuditLog, UNIT_REGISTRY, RULE_SET_CATALOG],
          useFactory: (db: mongo.Db, audit: AuditLog, registry: UnitRegistry, catalog: RuleSetCatalog) =>
            createTargetsUseCase(db, audit, registry, catalog, env.TARGETS_CACHE_TTL_MS),
        },
        ScoreRepository,
        ScoreRecorder,
        {
          provide: ScoringUseCase,
          inject: [
            ReportFiguresClient,
            UnitFiguresReader,
            ScoreRecorder,
            ManualInputRepository,
            ScoreRepository,
            UnitScopeChecker,
            RULE_SET_CATALOG,
          ],
          useFactory: (
            client: ReportFiguresClient,
            reader: UnitFiguresReader,
            recorder: ScoreRecorder,
            inputs: ManualInputRepository,
            scores: ScoreRepository,
            scope: UnitScopeChecker,
            catalog: RuleSetCatalog,
          ) =>
            new ScoringUseCase(client, reader, recorder, inputs, scores, scope, catalog, {
              reportCalls: env.REPORT_API_CONCURRENCY,
            }),
        },
        ...(consumer ? consumerProviders : []),
      ],
    };
  }
}
