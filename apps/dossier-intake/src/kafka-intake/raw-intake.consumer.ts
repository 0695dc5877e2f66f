import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { KAFKA_HEADERS, TOPICS } from '@dossier-ledger/contracts';
import { ApiKeyVerifier, KAFKA, TopicNames, type Principal } from '@dossier-ledger/platform';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { IntakeEnv } from '../app/intake-env';
import { AcceptEventsUseCase } from '../events/accept-events.use-case';
import { DeadLetterPublisher, type DeadLetter } from '../publishing/dead-letter.publisher';

/**
 * Direct intake from Kafka: each record of the intake topic is one canonical event, with a
 * `source` header naming a registered source (a key with that name and the write role) whose scope
 * applies. Valid records go through the same use case as HTTP; every refused record is copied to
 * the dead-letter topic with the reason; offsets are committed only after both.
 */
@Injectable()
export class RawIntakeConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RawIntakeConsumer.name);
  private readonly consumer: Consumer;
  private running = false;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    private readonly topics: TopicNames,
    private readonly verifier: ApiKeyVerifier,
    private readonly acceptEvents: AcceptEventsUseCase,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly env: IntakeEnv,
  ) {
    this.consumer = kafka.consumer({
      groupId: `${topics.prefix}dossier-intake.raw`,
      sessionTimeout: env.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: env.KAFKA_HEARTBEAT_INTERVAL_MS,
      allowAutoTopicCreation: false,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.INTAKE_CONSUMERS !== 'on') return;
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topics.of(TOPICS.intakeRaw), fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.running = true;
  }

  /** Before the connections close: a last flush / batch still needs MongoDB and the producer. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.running) await this.consumer.disconnect();
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const letters: DeadLetter[] = [];
    const reject = (message: KafkaMessage, reason: string) =>
      letters.push({ topic: batch.topic, partition: batch.partition, message, reason });

    // Group the records by source, keeping their order; refuse what cannot even be read.
    const bySource = new Map<string, { principal: Principal; messages: KafkaMessage[]; items: unknown[] }>();
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
        item = JSON.parse(message.value?.toString() ?? '');
      } catch (error) {
        reject(message, `value is not valid JSON: ${(error as Error).message}`);
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
      await heartbeat();
    }
    await this.deadLetters.publish(letters);
    if (letters.length > 0)
      this.logger.warn(
        `${letters.length} of ${batch.messages.length} records of ${batch.topic}/${batch.partition} went to the dead-letter topic`,
      );

    const last = batch.messages[batch.messages.length - 1];
    const next = (BigInt(last.offset) + 1n).toString();
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    resolveOffset(last.offset);
  }
}
