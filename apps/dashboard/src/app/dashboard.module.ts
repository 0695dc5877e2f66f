import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DashboardEnv } from '../config/dashboard.env';
import { DashboardHealthController } from '../health/dashboard-health.controller';
import { ApiProxy } from '../proxy/api-proxy';
import { KeyChecker } from '../session/key-checker';
import { SessionController } from '../session/session.controller';

@Module({})
export class DashboardModule implements NestModule {
  constructor(private readonly proxy: ApiProxy) {}

  static forRoot(env: DashboardEnv): DynamicModule {
    return {
      module: DashboardModule,
      controllers: [SessionController, DashboardHealthController],
      providers: [{ provide: DashboardEnv, useValue: env }, ApiProxy, KeyChecker],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((request: Request, response: Response) => this.proxy.forward(request, response))
      .forRoutes('api/{*path}');
  }
}
