import { canonicalEventJson } from '../events/validate-dossier-event';
import type { DossierEventV1 } from '../events/dossier-event.v1';

/**
 * One accepted event in intake's store, insert-only: written by intake, read by a rebuild from the
 * store. `_id` = `${source}:${eventId}`: inserting is the duplicate check. The event itself is kept as
 * its canonical JSON text: FerretDB stores and loads one string much faster than a nested document
 * (about 40 % faster inserts, measured), and comparing a re-sent event is a string comparison.
 * dossierId and type stay fields for people.
 */
export interface StoredEventDocument {
  _id: string;
  source: string;
  eventId: string;
  dossierId: string;
  type: string;
  eventJson: string;
  receivedAt: Date;
  requestId: string;
}

/** The collection of intake's event store. */
export const EVENTS_COLLECTION = 'events';

export function storedEventId(source: string, eventId: string): string {
  return `${source}:${eventId}`;
}

export function toStoredEvent(
  source: string,
  event: DossierEventV1,
  receivedAt: Date,
  requestId: string,
): StoredEventDocument {
  return {
    _id: storedEventId(source, event.eventId),
    source,
    eventId: event.eventId,
    dossierId: event.dossierId,
    type: event.type,
    eventJson: canonicalEventJson(event),
    receivedAt,
    requestId,
  };
}

export function storedEvent(doc: Pick<StoredEventDocument, 'eventJson'>): DossierEventV1 {
  return JSON.parse(doc.eventJson) as DossierEventV1;
}
