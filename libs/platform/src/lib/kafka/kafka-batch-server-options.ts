import type { Kafka } from 'kafkajs';
import type { KafkaBatchServerOptions } from './kafka-batch.server';

/** The Kafka variables every consuming service reads (see each service's env class). */
export interface KafkaConsumerVariables {
  KAFKA_BROKERS: string;
  KAFKA_CLIENT_ID: string;
  KAFKA_TOPIC_PREFIX: string;
  KAFKA_SESSION_TIMEOUT_MS: number;
  KAFKA_HEARTBEAT_INTERVAL_MS: number;
  KAFKA_REBALANCE_TIMEOUT_MS: number;
}

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
    ...own,
  };
}
