import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Serves the OpenAPI page at /docs (JSON at /docs-json), with bearer-key authentication. */
export function setupOpenApi(
  app: INestApplication,
  options: { title: string; description: string; version?: string; extraModels?: (new () => object)[] },
): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version ?? '1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'API key dl_<keyId>_<secret> (npm run keys -- create)',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: options.extraModels ?? [] });
  SwaggerModule.setup('docs', app, document);
}
