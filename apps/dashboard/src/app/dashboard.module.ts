import { Module, type DynamicModule } from '@nestjs/common';
import { MetricsModule } from '@dossier-ledger/platform';
import { DashboardEnv } from '../config/dashboard.env';
import { DashboardHealthController } from '../health/dashboard-health.controller';
import { ApiProxy } from '../proxy/api-proxy';
import { ApiProxyController } from '../proxy/api-proxy.controller';
import { KeyChecker } from '../session/key-checker';
import { SessionController } from '../session/session.controller';

@Module({})
export class DashboardModule {
  static forRoot(env: DashboardEnv): DynamicModule {
    return {
      module: DashboardModule,
      // GET /metrics like every service: process memory (sizing) and the latency of /session and /api/{*path}.
      imports: [MetricsModule.forRoot({ service: 'dashboard' })],
      controllers: [SessionController, DashboardHealthController, ApiProxyController],
      providers: [{ provide: DashboardEnv, useValue: env }, ApiProxy, KeyChecker],
    };
  }
}
