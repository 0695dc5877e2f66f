import {
  Global,
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { httpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';

/** GET /metrics, process metrics and the HTTP latency histogram; providers inject MetricsRegistry to add their own. */
@Global()
@Module({})
export class MetricsModule implements NestModule {
  constructor(@Inject(MetricsRegistry) private readonly metrics: MetricsRegistry) {}

  static forRoot(options: { service: string }): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [{ provide: MetricsRegistry, useFactory: () => new MetricsRegistry(options.service) }],
      exports: [MetricsRegistry],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetricsMiddleware(this.metrics)).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
