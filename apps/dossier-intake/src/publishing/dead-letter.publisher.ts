import { Injectable } from '@nestjs/common';
import { KAFKA_HEADERS, TOPICS } from '@dossier-ledger/contracts';
import { TopicNames, type KafkaBatchMessage } from '@dossier-ledger/platform';
import type { IHeaders } from 'kafkajs';
import { KafkaProducerService } from './kafka-producer.service';

export interface DeadLetter {
  /** Logical topic name (without the prefix). */
  topic: string;
  partition: number;
  message: KafkaBatchMessage;
  reason: string;
}

/** Copies refused direct-intake records to the dead-letter topic with the reason in a header. */
@Injectable()
export class DeadLetterPublisher {
  constructor(
    private readonly producer: KafkaProducerService,
    private readonly topics: TopicNames,
  ) {}

  async publish(letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.producer.send(
      this.topics.of(TOPICS.intakeDeadLetter),
      letters.map(({ topic, partition, message, reason }) => ({
        key: message.key,
        value: message.value,
        headers: {
          ...(message.headers as IHeaders | undefined),
          [KAFKA_HEADERS.deadLetterReason]: reason.slice(0, 2_000),
          'x-original-topic': this.topics.prefix + topic,
          'x-original-partition': String(partition),
          'x-original-offset': message.offset,
        },
      })),
    );
  }
}
