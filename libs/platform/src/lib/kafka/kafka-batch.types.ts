import type { IHeaders } from 'kafkajs';

/** One record as a batch handler sees it (kafkajs' message, with the offset as a string). */
export interface KafkaBatchMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
  timestamp: string;
}

/** The payload of `@KafkaBatchHandler(topic)`: consecutive records of one partition. */
export interface KafkaBatch {
  /** Logical topic name (without the server's topic prefix). */
  topic: string;
  partition: number;
  /** Offset of the next record the broker will write on this partition when the batch was fetched. */
  highWatermark: string;
  messages: KafkaBatchMessage[];
}

/** `offset` is always the NEXT offset to read (Kafka's convention for commits and seeks). */
export interface PartitionOffset {
  partition: number;
  offset: string;
}

/**
 * What any handler of the batch server may answer: offsets whose effects are durable (the server
 * commits them to the consumer group) and positions to (re)start fetching from.
 */
export interface KafkaBatchReply {
  commit?: PartitionOffset[];
  seek?: PartitionOffset[];
}

export type PartitionLifecycleEvent = 'assigned' | 'revoked' | 'tick';

/** Payload of the lifecycle handlers. */
export interface PartitionLifecycle {
  topic: string;
  event: PartitionLifecycleEvent;
  /** assigned: every partition owned after the rebalance; revoked: the partitions lost; tick: owned. */
  partitions: number[];
  /** assigned: partitions that were not owned before this rebalance. */
  added?: number[];
  /** revoked: why (a rebalance took them, or the server is shutting down). */
  reason?: 'rebalance' | 'shutdown';
}

/** The key under which lifecycle handlers are registered (an object pattern, normalised by Nest). */
export function lifecyclePattern(
  topic: string,
  event: PartitionLifecycleEvent,
): { topic: string; lifecycle: PartitionLifecycleEvent } {
  return { topic, lifecycle: event };
}
