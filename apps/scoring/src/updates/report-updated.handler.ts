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
import { ScoreUpdatesRunner } from './score-updates.runner';

const REPORT_UPDATED = TOPICS.reportUpdated.name;

/** Transport adapter: `report.updated.v1`, through KafkaBatchServer, into the score-updates runner. */
@Controller()
export class ReportUpdatedHandler {
  constructor(private readonly runner: ScoreUpdatesRunner) {}

  @KafkaBatchHandler(REPORT_UPDATED)
  async onBatch(@Payload() batch: KafkaBatch, @Ctx() context: KafkaBatchContext): Promise<KafkaBatchReply> {
    const controls = context.getControls();
    const last = batch.messages.at(-1);
    if (!last || controls.isStale()) return {};
    const reply = await this.runner.applyBatch(batch);
    // The fetch position (the commit waits for the scores): a batch left unresolved is fetched again,
    // and again — every notification redelivered without end, every score recomputed and republished.
    controls.resolveOffset(last.offset);
    return reply;
  }

  @OnConsumerTick(REPORT_UPDATED)
  onTick(): Promise<KafkaBatchReply> {
    return this.runner.tick();
  }

  @OnPartitionsRevoked(REPORT_UPDATED)
  onRevoked(): Promise<KafkaBatchReply> {
    return this.runner.revoke();
  }
}
