import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS } from '@dossier-ledger/contracts';
import {
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
  onBatch(@Payload() batch: KafkaBatch): Promise<KafkaBatchReply> {
    return this.runner.applyBatch(batch);
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
