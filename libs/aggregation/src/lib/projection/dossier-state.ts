import { epochSecondsOfIsoInVietnam, isoInVietnam, toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import {
  foldDossier,
  parseInstant,
  type Contribution,
  type CountingRules,
  type DossierFacts,
} from '@dossier-ledger/reporting';
import type { EncodedNote } from '../notes/dossier-note';

/** A stored event: the source that sent it (dedup is per source + eventId) and the canonical event. */
export type StoredEvent = [source: string, event: DossierEventV1];

/**
 * One open dossier in memory, compact: its events and contributions as two strings (one heap
 * object each instead of a tree of objects per event), parsed only when an event arrives for it.
 */
export interface DossierState {
  /** JSON of `[source, event without dossierId][]` (the id is the map key). */
  events: string;
  /** See encodeContributions. */
  contributions: string;
  /** Its state chunk key (`s|<n>`, one shared string per chunk). */
  readonly chunk: string;
  /** Latest occurredAt of its events (ms): the event time the settle period counts from. */
  lastAt: number;
  /** Finished for good (see hasEnded): may leave memory once settled. */
  ended: boolean;
}

/** A dossier as written to state chunks (v2) and archive documents. */
export type StateEntry = [
  dossierId: string,
  events: string,
  contributions: string,
  note: EncodedNote | null,
  lastAt: number,
  ended: 0 | 1,
];

/**
 * Folds stored events, telling the fold each event's source: a source's `seq` orders its own events
 * only (events of two sources are ordered by their clocks).
 */
export function foldStoredEvents(
  events: readonly StoredEvent[],
  rules: CountingRules,
): { facts: DossierFacts; plain: DossierEventV1[] } {
  const sources = new Map<DossierEventV1, string>();
  const plain = events.map(([source, event]) => (sources.set(event, source), event));
  return { facts: foldDossier(plain, rules, (event) => sources.get(event) ?? ''), plain };
}

/**
 * Stored codes of event types: append only (the codes are in stored state). A type missing here is
 * stored by name.
 */
const TYPE_CODES: readonly string[] = [
  'DossierReceived',
  'SupplementRequested',
  'SupplementReceived',
  'PaymentRequested',
  'PaymentCompleted',
  'ProcessingPaused',
  'ProcessingResumed',
  'DossierTransferred',
  'DueDateChanged',
  'ApologyIssued',
  'DossierResolved',
  'ResultReturned',
  'DossierReturned',
  'DossierWithdrawn',
  'DossierRejected',
  'DossierDigitized',
  'SatisfactionRated',
];
const TYPE_INDEX = new Map(TYPE_CODES.map((type, i) => [type, i]));

/**
 * One stored event, positional: `[source, id, type, occurredAt, unit, seq, rest?]` where source and
 * unit are 0 when equal to the previous event's; id is 0 when the eventId is `<dossierId>.<seq>`, else
 * its suffix after the dossier id (or `[eventId]` when it does not start with it); type a TYPE_CODES
 * index (or the name); occurredAt a number of seconds after the previous numeric one (the first after
 * the epoch) when it is exactly as isoInVietnam prints it (`YYYY-MM-DDTHH:mm:ss+07:00`), else the
 * string as sent; seq null when absent; rest the event's other fields (see EncodedFields; an object in
 * earlier forms).
 */
type EventRow = [
  source: string | 0,
  id: string | [string] | 0,
  type: number | string,
  occurredAt: string | number,
  unit: string | 0,
  seq: number | null,
  rest?: EncodedFields | Record<string, unknown>,
];

/** Stored codes of event fields beyond the envelope: append only (the codes are in stored state). */
const FIELD_CODES: readonly string[] = [
  'channel',
  'procedureCode',
  'fieldCode',
  'dueAt',
  'serviceLevel',
  'feeBearing',
  'receivingUnitCode',
  'tags',
  'newDueAt',
  'online',
  'toUnitCode',
  'cause',
  'electronicResult',
  'deliveredVia',
  'score',
  'schemaVersion',
];
const FIELD_INDEX = new Map(FIELD_CODES.map((name, i) => [name, i]));

/**
 * An event's other fields as `[code, value, …]`: code 2i is FIELD_CODES[i] with its value as is, 2i + 1
 * the same field holding a time as isoInVietnam prints it, stored as seconds after the event's own time
 * (only when that is numeric too); a field missing from FIELD_CODES is stored by name.
 */
type EncodedFields = unknown[];

function encodeFields(fields: Record<string, unknown>, eventSeconds: number | null): EncodedFields {
  const out: EncodedFields = [];
  for (const name in fields) {
    const value = fields[name];
    if (value === undefined) continue; // as JSON.stringify of the object left it out
    const index = FIELD_INDEX.get(name);
    const seconds = eventSeconds !== null && typeof value === 'string' ? epochSecondsOfIsoInVietnam(value) : null;
    if (index === undefined) out.push(name, value);
    else if (seconds === null || eventSeconds === null) out.push(2 * index, value);
    else out.push(2 * index + 1, seconds - eventSeconds);
  }
  return out;
}

function decodeFields(encoded: EncodedFields, eventSeconds: number): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < encoded.length; i += 2) {
    const code = encoded[i] as string | number;
    const value = encoded[i + 1];
    // Defined, not assigned: a field named __proto__ stays a field (as JSON.parse makes it).
    if (typeof code === 'string')
      Object.defineProperty(fields, code, { value, enumerable: true, writable: true, configurable: true });
    else if (code % 2 === 0) fields[FIELD_CODES[code / 2]] = value;
    else fields[FIELD_CODES[(code - 1) / 2]] = isoInVietnam((eventSeconds + (value as number)) * 1000);
  }
  return fields;
}

export function stringifyEvents(events: readonly StoredEvent[]): string {
  let source = '';
  let unit = '';
  let at = 0;
  const rows = events.map(([s, event]): EventRow => {
    const { eventId, dossierId, type, occurredAt, unitCode, seq, ...rest } = event;
    const seconds = epochSecondsOfIsoInVietnam(occurredAt);
    const row: EventRow = [
      s === source ? 0 : s,
      encodeId(eventId, dossierId, seq),
      TYPE_INDEX.get(type) ?? type,
      seconds === null ? occurredAt : seconds - at,
      unitCode === unit ? 0 : unitCode,
      seq ?? null,
    ];
    const fields = encodeFields(rest, seconds);
    if (fields.length > 0) row.push(fields);
    source = s;
    unit = unitCode;
    if (seconds !== null) at = seconds;
    return row;
  });
  return JSON.stringify(rows);
}

function encodeId(eventId: string, dossierId: string, seq: number | undefined): EventRow[1] {
  if (!eventId.startsWith(dossierId)) return [eventId];
  const suffix = eventId.slice(dossierId.length);
  return seq !== undefined && suffix === `.${seq}` ? 0 : suffix;
}

/** Reads what stringifyEvents wrote, and the earlier forms (string times and ids, `[source, event]`). */
export function parseEvents(dossierId: string, json: string): StoredEvent[] {
  const rows = JSON.parse(json) as (EventRow | [string, Omit<DossierEventV1, 'dossierId'>])[];
  let source = '';
  let unit = '';
  let at = 0;
  return rows.map((row): StoredEvent => {
    if (row.length === 2) return [row[0], { ...row[1], dossierId } as DossierEventV1]; // the first form: [source, event]
    const [s, id, type, occurredAt, unitCode, seq, rest] = row;
    if (s !== 0) source = s;
    if (unitCode !== 0) unit = unitCode;
    if (typeof occurredAt === 'number') at += occurredAt;
    const event = {
      ...(Array.isArray(rest) ? decodeFields(rest, at) : rest),
      eventId: id === 0 ? `${dossierId}.${seq}` : typeof id === 'string' ? dossierId + id : id[0],
      dossierId,
      type: typeof type === 'number' ? TYPE_CODES[type] : type,
      occurredAt: typeof occurredAt === 'number' ? isoInVietnam(at * 1000) : occurredAt,
      unitCode: unit,
      ...(seq === null ? {} : { seq }),
    };
    return [source, event as DossierEventV1];
  });
}

export function latestEventTime(events: readonly StoredEvent[]): number {
  let latest = 0;
  for (const [, event] of events) {
    const at = parseInstant(event.occurredAt);
    if (at > latest) latest = at;
  }
  return latest;
}

/**
 * Ended for good: refused at intake, returned, withdrawn, or resolved with its result handed back.
 * A resolved dossier whose result is not handed back yet still expects an event.
 */
export function hasEnded(facts: DossierFacts, events: readonly StoredEvent[]): boolean {
  if (facts.rejected) return true;
  if (facts.finish === null) return false;
  return facts.finish.kind !== 'resolved' || events.some(([, e]) => e.type === 'ResultReturned');
}

/**
 * Contributions of one dossier share unit, field, procedure and receipt date almost always: then
 * `[0, unit, field, procedure, receivedOn, day, counter, value, day, counter, value, …]` with each day
 * counted from the receipt day (earlier forms: no leading 0 and days since the epoch), else a list of
 * 7-tuples. JSON text either way.
 */
export function encodeContributions(contributions: readonly Contribution[]): string {
  if (contributions.length === 0) return '[]';
  const h = contributions[0];
  if (
    contributions.every(
      (c) =>
        c.unitCode === h.unitCode &&
        c.fieldCode === h.fieldCode &&
        c.procedureCode === h.procedureCode &&
        c.receivedOn === h.receivedOn,
    )
  ) {
    const flat: (string | number)[] = [0, h.unitCode, h.fieldCode, h.procedureCode, h.receivedOn];
    const receivedDay = toDayNumber(h.receivedOn);
    for (const c of contributions) flat.push(c.day - receivedDay, c.counter, c.value);
    return JSON.stringify(flat);
  }
  return JSON.stringify(
    contributions.map((c) => [c.unitCode, c.fieldCode, c.procedureCode, c.receivedOn, c.day, c.counter, c.value]),
  );
}

type Tuple = [string, string, string, string, number, number, number];

export function decodeContributions(json: string): Contribution[] {
  const parsed = JSON.parse(json) as (string | number)[] | Tuple[];
  if (parsed.length === 0) return [];
  if (Array.isArray(parsed[0])) return (parsed as Tuple[]).map(tupleToContribution);
  const flat = parsed as (string | number)[];
  const start = flat[0] === 0 ? 1 : 0;
  const [unitCode, fieldCode, procedureCode, receivedOn] = flat.slice(start, start + 4) as string[];
  const dayBase = start === 1 ? toDayNumber(receivedOn as LocalDate) : 0;
  const out: Contribution[] = [];
  for (let i = start + 4; i < flat.length; i += 3) {
    out.push({
      unitCode,
      fieldCode,
      procedureCode,
      receivedOn: receivedOn as LocalDate,
      day: dayBase + (flat[i] as number),
      counter: flat[i + 1] as Contribution['counter'],
      value: flat[i + 2] as number,
    });
  }
  return out;
}

/** The 7-tuples of version-1 state chunks. */
export function tupleToContribution([
  unitCode,
  fieldCode,
  procedureCode,
  receivedOn,
  day,
  counter,
  value,
]: Tuple): Contribution {
  return {
    unitCode,
    fieldCode,
    procedureCode,
    receivedOn: receivedOn as LocalDate,
    day,
    counter: counter as Contribution['counter'],
    value,
  };
}
