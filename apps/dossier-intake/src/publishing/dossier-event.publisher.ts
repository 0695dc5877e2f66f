import { Injectable } from '@nestjs/common';
import { KAFKA_HEADERS, TOPICS, type DossierEventV1 } from '@dossier-ledger/contracts';
import { currentCorrelationId, TopicNames } from '@dossier-ledger/platform';
import { KafkaProducerService } from './kafka-producer.service';

/** The value of a record on the dossier events topic. */
export interface PublishedDossierEvent {
  source: string;
  /** When intake first received the event (ISO-8601). */
  receivedAt: string;
  event: DossierEventV1;
}

/** Publishes accepted events to the dossier events topic, keyed by dossier id (per-dossier order). */
@Injectable()
export class DossierEventPublisher {
  constructor(
    private readonly producer: KafkaProducerService,
    private readonly topics: TopicNames,
  ) {}

  /**
   * The correlation id header is the HTTP request's (x-correlation-id, sent or generated) when
   * publishing inside one; outside a request (outbox sweep, Kafka intake) it is `requestId`.
   */
  async publish(records: PublishedDossierEvent[], requestId: string): Promise<void> {
    if (records.length === 0) return;
    const correlationId = currentCorrelationId() ?? requestId;
    await this.producer.send(
      this.topics.of(TOPICS.dossierEvents),
      records.map((record) => ({
        key: record.event.dossierId,
        value: JSON.stringify(record),
        headers: { [KAFKA_HEADERS.source]: record.source, [KAFKA_HEADERS.correlationId]: correlationId },
      })),
    );
  }
}
