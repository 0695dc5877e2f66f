import { MessagePattern } from '@nestjs/microservices';
import { lifecyclePattern } from './kafka-batch.types';

/** Receives `KafkaBatch` payloads of the logical topic (see KafkaBatchServer). */
export const KafkaBatchHandler = (topic: string): MethodDecorator => MessagePattern(topic);

/** Called after every rebalance with the partitions now owned; answer `seek` to position them. */
export const OnPartitionsAssigned = (topic: string): MethodDecorator =>
  MessagePattern(lifecyclePattern(topic, 'assigned'));

/** Called with the partitions lost in a rebalance, and with all owned ones at shutdown. */
export const OnPartitionsRevoked = (topic: string): MethodDecorator =>
  MessagePattern(lifecyclePattern(topic, 'revoked'));

/** Called every `tickIntervalMs` (never concurrently with a batch) with the owned partitions. */
export const OnConsumerTick = (topic: string): MethodDecorator => MessagePattern(lifecyclePattern(topic, 'tick'));
