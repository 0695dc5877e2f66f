import { Controller, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { KAFKA_HEADERS, TOPICS } from '@dossier-ledger/contracts';
import {
  ApiKeyVerifier,
  decodeUtf8Body,
  KafkaBatchContext,
  KafkaBatchHandler,
  type KafkaBatch,
  type KafkaBatchMessage,
  type KafkaBatchReply,
  type Principal,
} from '@dossier-ledger/platform';
import { randomUUID } from 'node:crypto';
import { AcceptEventsUseCase } from '../events/accept-events.use-case';
import { DeadLetterPublisher, type DeadLetter } from '../publishing/dead-letter.publisher';
import { RAW_INTAKE_TRANSPORT } from '../consumers/intake-consumers';

const RAW = TOPICS.intakeRaw.name;

/**
 * Direct intake from Kafka: each record of the intake topic is one canonical event, with a
 * `source` header naming a registered source (a key with that name and the write role) whose scope
 * applies. Valid records go through the same use case as HTTP; every refused record is copied to
 * the dead-letter topic with the reason; the offsets are committed only after both.
 */
@Controller()
export class RawIntakeHandler {
  private readonly logger = new Logger(RawIntakeHandler.name);

  constructor(
    private readonly verifier: ApiKeyVerifier,
    private readonly acceptEvents: AcceptEventsUseCase,
    private readonly deadLetters: DeadLetterPublisher,
  ) {}

  @KafkaBatchHandler(RAW, RAW_INTAKE_TRANSPORT)
  async onBatch(@Payload() batch: KafkaBatch, @Ctx() context: KafkaBatchContext): Promise<KafkaBatchReply> {
    const controls = context.getControls();
    const last = batch.messages.at(-1);
    if (!last || !controls.isRunning() || controls.isStale()) return {};
    const letters: DeadLetter[] = [];
    const reject = (message: KafkaBatchMessage, reason: string) =>
      letters.push({ topic: batch.topic, partition: batch.partition, message, reason });

    // Group the records by source, keeping their order; refuse what cannot even be read.
    const bySource = new Map<string, { principal: Principal; messages: KafkaBatchMessage[]; items: unknown[] }>();
    for (const message of batch.messages) {
      const source = message.headers?.[KAFKA_HEADERS.source]?.toString();
      if (!source) {
        reject(message, `missing header ${KAFKA_HEADERS.source}`);
        continue;
      }
      const principal = await this.verifier.principalForSource(source);
      if (!principal || !principal.roles.includes('write')) {
        reject(message, `source ${source} is not registered with the write role`);
        continue;
      }
      let item: unknown;
      try {
        item = JSON.parse(decodeUtf8Body(message.value ?? Buffer.alloc(0), 'value'));
      } catch (error) {
        const reason = (error as Error).message;
        reject(message, reason.startsWith('value') ? reason : `value is not valid JSON: ${reason}`);
        continue;
      }
      const group = bySource.get(source) ?? { principal, messages: [], items: [] };
      group.messages.push(message);
      group.items.push(item);
      bySource.set(source, group);
    }

    for (const { principal, messages, items } of bySource.values()) {
      const { rejected } = await this.acceptEvents.acceptEach(principal, items, randomUUID());
      for (const refusal of rejected) reject(messages[refusal.index], refusal.reason);
      await controls.heartbeat();
    }
    await this.deadLetters.publish(letters);
    if (letters.length > 0)
      this.logger.warn(
        `${letters.length} of ${batch.messages.length} records of ${batch.topic}/${batch.partition} went to the dead-letter topic`,
      );
    controls.resolveOffset(last.offset);
    return { commit: [{ partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }] };
  }
}
