import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { prepareIntakeApp } from './configure-app';
import type { IntakeEnv } from '../config/intake.env';

/** The started application; bodies are read by the controllers themselves (own limits and errors). */
export async function createIntakeApp(env: IntakeEnv): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(env), {
    bodyParser: false,
    bufferLogs: true,
    // A failed start-up rejects (runService logs the cause and exits 1) instead of process.abort().
    abortOnError: false,
  });
  return prepareIntakeApp(app);
}
