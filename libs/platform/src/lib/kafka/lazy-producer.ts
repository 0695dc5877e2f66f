import type { Kafka, Producer, ProducerConfig, ProducerRecord, RecordMetadata } from 'kafkajs';

/**
 * Broker answers after which an idempotent producer stays unusable until it gets a new producer id:
 * the broker lost or reset its sequence (a broker restart, a network error mid-request). kafkajs
 * keeps failing with them until the process restarts (tulios/kafkajs#598).
 */
const NEEDS_NEW_PRODUCER_ID = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);

/** Whether `error` (or an error it wraps) is one of those answers. */
export function needsNewProducerId(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const { type, originalError } = cause as { type?: unknown; originalError?: unknown };
    if (typeof type === 'string' && NEEDS_NEW_PRODUCER_ID.has(type)) return true;
    cause = originalError ?? (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A producer connected on first use and again after a failed connect (the next send retries), so a
 * service starts while Kafka is away and its publishers recover without a restart; an idempotent
 * one (`config`) is also replaced when the broker has lost its sequence (see `send`).
 */
export class LazyProducer {
  private producer?: Promise<Producer>;

  constructor(
    private readonly kafka: Kafka,
    private readonly config: ProducerConfig = { allowAutoTopicCreation: false },
  ) {}

  get(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer(this.config);
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }

  /**
   * Sends; when the broker answers that the producer's sequence is lost, once more on a new producer
   * (a new producer id). A record may then be written twice: every consumer here dedupes.
   */
  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    const current = this.get();
    try {
      return await (await current).send(record);
    } catch (error) {
      if (!needsNewProducerId(error)) throw error;
      if (this.producer === current) {
        this.producer = undefined;
        void current.then((producer) => producer.disconnect()).catch(() => undefined);
      }
      return (await this.get()).send(record);
    }
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await (await producer.catch(() => undefined))?.disconnect().catch(() => undefined);
  }
}
