import { Injectable } from '@nestjs/common';
import { KAFKA_HEADERS, onlyEventV1Fields, TOPICS } from '@dossier-ledger/contracts';
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

/**
 * The value a dead letter keeps: the record's v1 fields only. Whatever else a source put in it may
 * be personal data (the topic keeps records forever), so it is dropped, and so is a value that is
 * not a JSON object at all. The original stays findable by its topic, partition and offset.
 */
function deadLetterValue(value: Buffer | null): { value: Buffer | null; redacted: boolean } {
  if (value === null) return { value, redacted: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return { value: null, redacted: true };
  }
  const kept = onlyEventV1Fields(parsed);
  if (!kept) return { value: null, redacted: true };
  const json = JSON.stringify(kept);
  return { value: Buffer.from(json), redacted: Object.keys(kept).length !== Object.keys(parsed as object).length };
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
      letters.map(({ topic, partition, message, reason }) => {
        const { value, redacted } = deadLetterValue(message.value);
        return {
          key: message.key,
          value,
          headers: {
            ...(message.headers as IHeaders | undefined),
            'x-value-redacted': String(redacted),
            [KAFKA_HEADERS.deadLetterReason]: reason.slice(0, 2_000),
            'x-original-topic': this.topics.prefix + topic,
            'x-original-partition': String(partition),
            'x-original-offset': message.offset,
          },
        };
      }),
    );
  }
}
