import type { Kafka } from 'kafkajs';
import type { ServiceEnv } from '../config/service.env';
import type { KafkaBatchServerOptions } from './kafka-batch.server';

/** The Kafka variables every consuming service reads (declared once, in ServiceEnv). */
export type KafkaConsumerVariables = Pick<
  ServiceEnv,
  | 'KAFKA_BROKERS'
  | 'KAFKA_CLIENT_ID'
  | 'KAFKA_TOPIC_PREFIX'
  | 'KAFKA_SESSION_TIMEOUT_MS'
  | 'KAFKA_HEARTBEAT_INTERVAL_MS'
  | 'KAFKA_REBALANCE_TIMEOUT_MS'
  | 'STARTUP_TIMEOUT_MS'
>;

/**
 * Batch-server options from a service's variables. A fetch never waits longer than a heartbeat
 * interval (at most 1 s), so heartbeats and ticks stay on time while a topic is quiet.
 */
export function kafkaBatchServerOptions(
  kafka: Kafka,
  env: KafkaConsumerVariables,
  own: { groupId: string; tickIntervalMs: number },
): KafkaBatchServerOptions {
  return {
    kafka,
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: env.KAFKA_HEARTBEAT_INTERVAL_MS,
    rebalanceTimeoutMs: env.KAFKA_REBALANCE_TIMEOUT_MS,
    maxWaitTimeMs: Math.min(1000, env.KAFKA_HEARTBEAT_INTERVAL_MS),
    startupTimeoutMs: env.STARTUP_TIMEOUT_MS,
    ...own,
  };
}
