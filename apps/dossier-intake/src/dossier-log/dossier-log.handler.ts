import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { TOPICS } from '@dossier-ledger/contracts';
import {
  KafkaBatchContext,
  KafkaBatchHandler,
  OnConsumerTick,
  OnPartitionsRevoked,
  type KafkaBatch,
  type KafkaBatchReply,
} from '@dossier-ledger/platform';
import { DOSSIER_LOG_TRANSPORT } from '../consumers/intake-consumers';
import { DossierLogWriter } from './dossier-log.writer';

const EVENTS = TOPICS.dossierEvents.name;

/** Transport adapter: the dossier events topic, through its own KafkaBatchServer, into the dossier log. */
@Controller()
export class DossierLogHandler {
  constructor(private readonly writer: DossierLogWriter) {}

  @KafkaBatchHandler(EVENTS, DOSSIER_LOG_TRANSPORT)
  async onBatch(@Payload() batch: KafkaBatch, @Ctx() context: KafkaBatchContext): Promise<KafkaBatchReply> {
    const controls = context.getControls();
    const last = batch.messages.at(-1);
    if (!last || controls.isStale()) return {};
    const full = this.writer.add(batch);
    controls.resolveOffset(last.offset); // the fetch position; the commit waits for the flush
    if (!full) return {};
    const commit = await this.writer.flush();
    await controls.heartbeat();
    return { commit };
  }

  @OnConsumerTick(EVENTS, DOSSIER_LOG_TRANSPORT)
  async onTick(): Promise<KafkaBatchReply> {
    return { commit: await this.writer.flush() };
  }

  /** Lost partitions and shutdown: write what is buffered so their offsets can be committed. */
  @OnPartitionsRevoked(EVENTS, DOSSIER_LOG_TRANSPORT)
  async onRevoked(): Promise<KafkaBatchReply> {
    return { commit: await this.writer.flush() };
  }
}
