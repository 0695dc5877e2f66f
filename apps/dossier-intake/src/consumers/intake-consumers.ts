import type { Provider } from '@nestjs/common';
import { KAFKA, KafkaBatchServer, kafkaBatchServerOptions } from '@dossier-ledger/platform';
import type { Kafka } from 'kafkajs';
import { IntakeEnv } from '../config/intake.env';

/*
 * Intake runs two consumer groups, each a KafkaBatchServer of its own: the direct intake topic
 * and the per-dossier log fed by the dossier events topic. Their handlers name their transport,
 * so each server takes only its own.
 */

/** Transport of the direct intake topic's consumer (group `dossier-intake.raw`). */
export const RAW_INTAKE_TRANSPORT = Symbol('raw-intake');
/** Transport of the dossier log's consumer (group `dossier-intake.dossier-log`). */
export const DOSSIER_LOG_TRANSPORT = Symbol('dossier-log');

export const RAW_INTAKE_SERVER = Symbol('RAW_INTAKE_SERVER');
export const DOSSIER_LOG_SERVER = Symbol('DOSSIER_LOG_SERVER');

/** The two servers; connected to the app (createIntakeConsumers) only when INTAKE_CONSUMERS=on. */
export const intakeConsumerServers: Provider[] = [
  {
    provide: RAW_INTAKE_SERVER,
    inject: [KAFKA, IntakeEnv],
    useFactory: (kafka: Kafka, env: IntakeEnv) =>
      new KafkaBatchServer({
        ...kafkaBatchServerOptions(kafka, env, {
          groupId: `${env.KAFKA_TOPIC_PREFIX}dossier-intake.raw`,
          tickIntervalMs: 0,
        }),
        transportId: RAW_INTAKE_TRANSPORT,
      }),
  },
  {
    provide: DOSSIER_LOG_SERVER,
    inject: [KAFKA, IntakeEnv],
    useFactory: (kafka: Kafka, env: IntakeEnv) =>
      new KafkaBatchServer({
        ...kafkaBatchServerOptions(kafka, env, {
          groupId: `${env.KAFKA_TOPIC_PREFIX}dossier-intake.dossier-log`,
          tickIntervalMs: env.DOSSIER_LOG_FLUSH_MS,
        }),
        transportId: DOSSIER_LOG_TRANSPORT,
      }),
  },
];
