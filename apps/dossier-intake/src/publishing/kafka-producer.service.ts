import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { KAFKA, LazyProducer, retryStartup } from '@dossier-ledger/platform';
import { Partitioners, type Kafka, type Message } from 'kafkajs';
import { IntakeEnv } from '../config/intake.env';

/** Records per produce call are capped by size so no partition batch nears the broker's 1 MB limit. */
const MAX_BYTES_PER_SEND = 768 * 1024;

/**
 * The process's one idempotent producer (acks = all): every send waits for the full ISR. Retries
 * are bounded (kafkajs warns that this "may invalidate EoS guarantees"): a send that still fails
 * fails the request, whose outbox entry is finished later; consumers dedupe what arrives twice.
 * After a broker restart it may need a new producer id: LazyProducer replaces it.
 */
@Injectable()
export class KafkaProducerService implements OnModuleInit, OnApplicationShutdown {
  private readonly producer: LazyProducer;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    private readonly env: IntakeEnv,
  ) {
    this.producer = new LazyProducer(kafka, {
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async onModuleInit(): Promise<void> {
    await retryStartup('connect the idempotent producer', () => this.producer.get(), {
      timeoutMs: this.env.STARTUP_TIMEOUT_MS,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  /** Sends in order, in size-capped chunks; resolves once every record is acknowledged. */
  async send(topic: string, messages: Message[]): Promise<void> {
    let chunk: Message[] = [];
    let bytes = 0;
    for (const message of messages) {
      const size = sizeOf(message);
      if (chunk.length > 0 && bytes + size > MAX_BYTES_PER_SEND) {
        await this.producer.send({ topic, acks: -1, messages: chunk });
        chunk = [];
        bytes = 0;
      }
      chunk.push(message);
      bytes += size;
    }
    if (chunk.length > 0) await this.producer.send({ topic, acks: -1, messages: chunk });
  }
}

function sizeOf(message: Message): number {
  const length = (value: unknown) =>
    typeof value === 'string' ? Buffer.byteLength(value) : Buffer.isBuffer(value) ? value.length : 0;
  let size = length(message.key) + length(message.value) + 64;
  for (const [name, value] of Object.entries(message.headers ?? {})) size += name.length + length(value);
  return size;
}
