import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { TOPICS } from '@dossier-ledger/contracts';
import {
  KafkaBatchContext,
  KafkaBatchHandler,
  OnConsumerTick,
  OnPartitionsAssigned,
  OnPartitionsRevoked,
  type KafkaBatch,
  type KafkaBatchReply,
  type PartitionLifecycle,
} from '@dossier-ledger/platform';
import { ProjectionRunner } from '@dossier-ledger/aggregation';

const EVENTS = TOPICS.dossierEvents.name;

/** Transport adapter: the events topic, through KafkaBatchServer, into the projection runner. */
@Controller()
export class DossierEventsHandler {
  constructor(private readonly runner: ProjectionRunner) {}

  @KafkaBatchHandler(EVENTS)
  onBatch(@Payload() batch: KafkaBatch, @Ctx() context: KafkaBatchContext): Promise<KafkaBatchReply> {
    return this.runner.applyBatch(batch, context.getControls());
  }

  @OnPartitionsAssigned(EVENTS)
  onAssigned(@Payload() lifecycle: PartitionLifecycle): Promise<KafkaBatchReply> {
    return this.runner.assign(lifecycle.partitions);
  }

  @OnPartitionsRevoked(EVENTS)
  onRevoked(@Payload() lifecycle: PartitionLifecycle): Promise<KafkaBatchReply> {
    return this.runner.revoke(lifecycle.partitions);
  }

  @OnConsumerTick(EVENTS)
  onTick(@Payload() lifecycle: PartitionLifecycle): Promise<KafkaBatchReply> {
    return this.runner.tick(lifecycle.partitions);
  }
}
