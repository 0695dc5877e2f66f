import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, jsonLoggerModule, MongoModule, UnitScopeChecker } from '@dossier-ledger/platform';
import { ScoringEnv } from '../config/scoring.env';
import { ReportFiguresClient } from '../figures/report-figures.client';
import { ScoringHealthController } from '../health/scoring-health.controller';
import { ScoresController } from '../scores/scores.controller';
import { ScoringService } from '../scores/scoring.service';
import { ManualInputRepository } from '../store/manual-input.repository';
import { ScoreRepository } from '../store/score.repository';

/** The scoring service: HTTP only for now (see docs/scoring-service.md for what is not built yet). */
@Module({})
export class AppModule {
  static forRoot(env: ScoringEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [jsonLoggerModule(env.LOG_LEVEL), MongoModule.forRoot({ uri: env.MONGODB_URI }), AuthModule.forRoot({ cacheTtlMs: env.API_KEY_CACHE_TTL_MS })],
      controllers: [ScoresController, ScoringHealthController],
      providers: [
        { provide: ScoringEnv, useValue: env },
        { provide: ReportFiguresClient, useFactory: () => new ReportFiguresClient({ baseUrl: env.REPORT_API_URL, timeoutMs: env.REPORT_API_TIMEOUT_MS }) },
        ManualInputRepository,
        ScoreRepository,
        {
          provide: ScoringService,
          inject: [ReportFiguresClient, ManualInputRepository, ScoreRepository, UnitScopeChecker],
          useFactory: (client: ReportFiguresClient, inputs: ManualInputRepository, scores: ScoreRepository, scope: UnitScopeChecker) =>
            new ScoringService(client, inputs, scores, scope, { reportCalls: env.REPORT_API_CONCURRENCY }),
        },
      ],
    };
  }
}
