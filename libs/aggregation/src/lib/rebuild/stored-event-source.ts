import { EVENTS_COLLECTION, storedEvent, type StoredEventDocument } from '@dossier-ledger/contracts';
import type { KafkaBatchMessage } from '@dossier-ledger/platform';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import type { mongo } from 'mongoose';
import { encodeDossierEventRecord } from '../projection/dossier-event-record';

const BATCH = 5_000;

/**
 * Every event of intake's store, as events-topic records of the partition intake's producer puts
 * them in (kafkajs' default partitioner on the dossier id): a dossier's events must meet in one
 * partition's projection, whichever way they arrive. A rebuild reads this when the topic no longer
 * holds everything (records deleted); one full scan, off the hot path, in `_id` order.
 */
export class StoredEventSource {
  private readonly events: mongo.Collection<StoredEventDocument>;
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private readonly metadata: PartitionMetadata[];

  constructor(
    db: mongo.Db,
    private readonly topic: string,
    partitions: number,
  ) {
    this.events = db.collection<StoredEventDocument>(EVENTS_COLLECTION);
    this.metadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
    }));
  }

  /** Approximate count (progress only). */
  estimatedCount(): Promise<number> {
    return this.events.estimatedDocumentCount();
  }

  /** Batches of records, each with the partition its dossier belongs to. */
  async *batches(): AsyncGenerator<{ partition: number; message: KafkaBatchMessage }[]> {
    const cursor = this.events.find({}, { batchSize: BATCH, projection: { source: 1, eventJson: 1, receivedAt: 1 } });
    let batch: { partition: number; message: KafkaBatchMessage }[] = [];
    for await (const doc of cursor) {
      const event = storedEvent(doc);
      const { key, value, headers } = encodeDossierEventRecord({
        source: doc.source,
        receivedAt: doc.receivedAt?.toISOString() ?? null,
        event,
      });
      const partition = this.partitioner({
        topic: this.topic,
        partitionMetadata: this.metadata,
        message: { key, value },
      });
      batch.push({
        partition,
        message: { offset: '-1', key: Buffer.from(key), value: Buffer.from(value), headers, timestamp: '0' },
      });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}
