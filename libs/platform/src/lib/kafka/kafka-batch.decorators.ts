import { MessagePattern } from '@nestjs/microservices';
import { lifecyclePattern } from './kafka-batch.types';

/*
 * `transport`: in an app with several KafkaBatchServers (one per consumer group), the server whose
 * `transportId` this is; omitted, every server of the app gets the handler.
 */

/** Receives `KafkaBatch` payloads of the logical topic (see KafkaBatchServer). */
export const KafkaBatchHandler = (topic: string, transport?: symbol): MethodDecorator =>
  transport ? MessagePattern(topic, transport) : MessagePattern(topic);

/** Called after every rebalance with the partitions now owned; answer `seek` to position them. */
export const OnPartitionsAssigned = (topic: string, transport?: symbol): MethodDecorator =>
  lifecycle(topic, 'assigned', transport);

/** Called with the partitions lost in a rebalance, and with all owned ones at shutdown. */
export const OnPartitionsRevoked = (topic: string, transport?: symbol): MethodDecorator =>
  lifecycle(topic, 'revoked', transport);

/** Called every `tickIntervalMs` (never concurrently with a batch) with the owned partitions. */
export const OnConsumerTick = (topic: string, transport?: symbol): MethodDecorator =>
  lifecycle(topic, 'tick', transport);

function lifecycle(topic: string, event: 'assigned' | 'revoked' | 'tick', transport?: symbol): MethodDecorator {
  return transport
    ? MessagePattern(lifecyclePattern(topic, event), transport)
    : MessagePattern(lifecyclePattern(topic, event));
}
