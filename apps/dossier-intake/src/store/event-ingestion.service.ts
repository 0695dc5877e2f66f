import { EventStoreRepository } from './event-store.repository';
import { Injectable } from '@nestjs/common';
import {
  canonicalEventJson,
  type DossierEventV1,
  storedEvent,
  storedEventId,
  toStoredEvent,
} from '@dossier-ledger/contracts';
import { DossierEventPublisher, type PublishedDossierEvent } from '../publishing/dossier-event.publisher';
import { CrashPoints } from './crash-points';
import { OutboxRepository, type OutboxEntry } from './outbox.repository';

/** A validated event with its position in the request. */
export interface IndexedEvent {
  index: number;
  event: DossierEventV1;
}

export interface IngestBatch {
  source: string;
  requestId: string;
  receivedAt: Date;
  events: IndexedEvent[];
}

export interface EventConflict {
  index: number;
  eventId: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  conflicts: EventConflict[];
}

/**
 * Makes validated events durable and published, without transactions:
 * (1) journal the request in the outbox (which events), (2) insert into the event store (unordered:
 * duplicates answer 11000), (3) produce the new events and the non-conflicting duplicates
 * (re-publishing is harmless: consumers dedupe by source + eventId, and it covers a crash between
 * store and produce of an earlier attempt), (4) drop the journal entry. A crash anywhere leaves the
 * entry for the sweep, which publishes whatever of it reached the store.
 */
@Injectable()
export class EventIngestionService {
  constructor(
    private readonly store: EventStoreRepository,
    private readonly outbox: OutboxRepository,
    private readonly publisher: DossierEventPublisher,
    private readonly crashPoints: CrashPoints,
  ) {}

  async ingest(batch: IngestBatch): Promise<IngestResult> {
    const { unique, duplicates, conflicts } = dedupeWithinBatch(batch.events);
    if (unique.length === 0) return { accepted: 0, duplicates, conflicts };
    await this.outbox.add({
      requestId: batch.requestId,
      source: batch.source,
      eventIds: unique.map((u) => u.event.eventId),
    });
    const result = await this.storeAndPublish({ ...batch, events: unique });
    this.outbox.removeLater(batch.requestId);
    return {
      accepted: result.accepted,
      duplicates: duplicates + result.duplicates,
      conflicts: [...conflicts, ...result.conflicts].sort((a, b) => a.index - b.index),
    };
  }

  /**
   * Finishes a journal entry left by a crashed request: publishes the stored version of each event
   * it names (by `_id`); events it names that are not stored were never acknowledged.
   */
  async resume(entry: OutboxEntry): Promise<{ published: number; notStored: number }> {
    const ids = entry.eventIds.map((eventId) => storedEventId(entry.source, eventId));
    const stored = await this.store.findByIds(ids);
    const records = ids.flatMap((id) => {
      const doc = stored.get(id);
      return doc ? [{ source: doc.source, receivedAt: doc.receivedAt.toISOString(), event: storedEvent(doc) }] : [];
    });
    await this.publisher.publish(records, entry.requestId);
    await this.outbox.remove(entry.requestId);
    return { published: records.length, notStored: ids.length - records.length };
  }

  private async storeAndPublish(batch: IngestBatch): Promise<IngestResult> {
    const docs = batch.events.map(({ event }) => toStoredEvent(batch.source, event, batch.receivedAt, batch.requestId));
    const duplicateIndexes = await this.store.insertNew(docs);
    this.crashPoints.reached('after-store');

    const stored = await this.store.findByIds([...duplicateIndexes].map((i) => docs[i]._id));
    const conflicts: EventConflict[] = [];
    const toPublish: PublishedDossierEvent[] = [];
    docs.forEach((doc, i) => {
      if (!duplicateIndexes.has(i)) {
        toPublish.push({ source: doc.source, receivedAt: doc.receivedAt.toISOString(), event: batch.events[i].event });
        return;
      }
      const previous = stored.get(doc._id);
      if (!previous || previous.eventJson !== doc.eventJson) {
        conflicts.push({ index: batch.events[i].index, eventId: doc.eventId });
      } else {
        toPublish.push({
          source: previous.source,
          receivedAt: previous.receivedAt.toISOString(),
          event: storedEvent(previous),
        });
      }
    });
    await this.publisher.publish(toPublish, batch.requestId);
    return { accepted: docs.length - duplicateIndexes.size, duplicates: duplicateIndexes.size, conflicts };
  }
}

/** Later copies of an eventId within one request are duplicates; a differing copy is also a conflict. */
export function dedupeWithinBatch(events: IndexedEvent[]): {
  unique: IndexedEvent[];
  duplicates: number;
  conflicts: EventConflict[];
} {
  const first = new Map<string, string>();
  const unique: IndexedEvent[] = [];
  const conflicts: EventConflict[] = [];
  let duplicates = 0;
  for (const item of events) {
    const json = canonicalEventJson(item.event);
    const seen = first.get(item.event.eventId);
    if (seen === undefined) {
      first.set(item.event.eventId, json);
      unique.push(item);
      continue;
    }
    duplicates++;
    if (seen !== json) conflicts.push({ index: item.index, eventId: item.event.eventId });
  }
  return { unique, duplicates, conflicts };
}
