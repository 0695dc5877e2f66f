import type { Kafka, Producer } from 'kafkajs';

/**
 * A producer connected on first use and again after a failed connect (the next send retries), so a
 * service starts while Kafka is away and its publishers recover without a restart.
 */
export class LazyProducer {
  private producer?: Promise<Producer>;

  constructor(private readonly kafka: Kafka) {}

  get(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await (await producer.catch(() => undefined))?.disconnect().catch(() => undefined);
  }
}
