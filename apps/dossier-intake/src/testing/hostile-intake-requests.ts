// Generators of malformed intake requests for the hostile-input suite: every generated request
// must be refused, and each case says with which status and naming what. Not part of the service build.
import { CHANNELS, DOSSIER_EVENT_TYPES, DOSSIER_EVENT_V1_FIELDS } from '@dossier-ledger/contracts';
import {
  contentEncoding,
  deeplyNested,
  hugeString,
  impossibleInstant,
  invalidUtf8,
  notAString,
  uncleanText,
  unknownKey,
  wrongMediaType,
  type HostileCase,
} from '@dossier-ledger/testing';
import fc from 'fast-check';
import { receivedEvent } from './intake-test-kit';
import { gzipSync } from 'node:zlib';

/** An "unknown" key must be none of the v1 fields. */
const ALL_EVENT_FIELDS = DOSSIER_EVENT_V1_FIELDS;

const REQUIRED_RECEIVED_FIELDS = [
  'eventId',
  'dossierId',
  'type',
  'occurredAt',
  'unitCode',
  'channel',
  'procedureCode',
  'fieldCode',
  'dueAt',
] as const;
const CODE_FIELDS = ['eventId', 'dossierId', 'unitCode', 'procedureCode', 'fieldCode'] as const;

type Event = Record<string, unknown>;

/** A valid DossierReceived of Hạ Long (unit 06649, province 22), unique per case. */
function validEvent(id: string): Event {
  return receivedEvent(0, { eventId: `hx-${id}`, dossierId: `HX-${id}` });
}

/** Sets a key as an own property, even `__proto__`. */
function withKey(event: Event, key: string, value: unknown): Event {
  const copy = { ...event };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

interface Mutation {
  kind: string;
  field: string;
  apply(event: Event): Event;
}

const mutation = (kind: string, field: string, apply: (event: Event) => Event): Mutation => ({ kind, field, apply });

/** One change that makes a valid event invalid, and the field the answer must name. */
const eventMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...REQUIRED_RECEIVED_FIELDS).map((field) =>
    mutation('missing', field, (e) => {
      const copy = { ...e };
      delete copy[field];
      return copy;
    }),
  ),
  fc
    .tuple(
      fc.constantFrom(...REQUIRED_RECEIVED_FIELDS),
      notAString.filter((v) => v !== null),
    )
    .map(([field, value]) => mutation('wrongType', field, (e) => ({ ...e, [field]: value }))),
  fc
    .constantFrom('eventId', 'dossierId', 'type', 'occurredAt', 'unitCode', 'channel')
    .map((field) => mutation('null', field, (e) => ({ ...e, [field]: null }))),
  fc
    .string({ maxLength: 30 })
    .filter((t) => !(DOSSIER_EVENT_TYPES as readonly string[]).includes(t))
    .map((type) => mutation('unknownType', 'type', (e) => ({ ...e, type }))),
  fc
    .tuple(unknownKey(ALL_EVENT_FIELDS), fc.oneof(fc.string(), fc.integer(), deeplyNested, fc.constant({ $gt: '' })))
    .map(([key, value]) => mutation('extraField', key, (e) => withKey(e, key, value))),
  fc
    .tuple(fc.constantFrom('occurredAt', 'dueAt'), impossibleInstant)
    .map(([field, value]) => mutation('impossibleDate', field, (e) => ({ ...e, [field]: value }))),
  fc
    .tuple(fc.constantFrom(...CODE_FIELDS), hugeString)
    .map(([field, value]) => mutation('hugeString', field, (e) => ({ ...e, [field]: value }))),
  fc
    .tuple(fc.constantFrom('eventId', 'dossierId'), uncleanText)
    .map(([field, value]) => mutation('uncleanText', field, (e) => ({ ...e, [field]: value }))),
  fc
    .string({ maxLength: 12 })
    .filter((c) => !(CHANNELS as readonly string[]).includes(c))
    .map((channel) => mutation('badEnum', 'channel', (e) => ({ ...e, channel }))),
  fc.constantFrom(-1, 1.5, 2 ** 53, '1', 1e300, true).map((seq) => mutation('badSeq', 'seq', (e) => ({ ...e, seq }))),
  fc
    .constantFrom('99999', '0', 'H99.ZZ', '00000')
    .map((unitCode) => mutation('unknownUnit', 'unitCode', (e) => ({ ...e, unitCode }))),
  fc
    .integer({ min: 21, max: 5_000 })
    .map((n) => mutation('hugeArray', 'tags', (e) => ({ ...e, tags: Array.from({ length: n }, (_, i) => `t${i}`) }))),
);

const JSON_TYPE = { 'content-type': 'application/json' };
const NDJSON_TYPE = { 'content-type': 'application/x-ndjson' };

function encode(events: unknown[], ndjson: boolean): string {
  return ndjson ? events.map((e) => JSON.stringify(e)).join('\n') : JSON.stringify(events);
}

/** Generators of malformed POST /v1/events requests, authorised by `authorization`. */
export function hostileEventRequests(path: string, authorization: string): fc.Arbitrary<HostileCase> {
  const headers = (type: Record<string, string>) => ({ authorization, ...type });
  const batch = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.nat(), fc.uuid());

  // A mixed batch: valid events and one broken one → 422 naming its index and field.
  const mixedBatch = fc.tuple(batch, eventMutation, fc.boolean()).map(([[size, at, id], change, ndjson]) => {
    const index = at % size;
    const events = Array.from({ length: size }, (_, i) => validEvent(`${id}-${i}`));
    events[index] = change.apply(events[index]);
    return {
      label: `events/${change.kind}:${change.field}`,
      request: {
        method: 'POST' as const,
        path,
        headers: headers(ndjson ? NDJSON_TYPE : JSON_TYPE),
        body: encode(events, ndjson),
      },
      expect: { status: 422, mentions: `{"index":${index},` },
      field: change.field,
    };
  });

  const validBody = fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.uuid())
    .map(([size, id]) => Array.from({ length: size }, (_, i) => validEvent(`${id}-${i}`)));
  const bodyCase = (
    label: string,
    status: number,
    mentions: string,
    body: Buffer | string,
    type: Record<string, string> = JSON_TYPE,
  ) => ({
    label: `events/${label}`,
    request: { method: 'POST' as const, path, headers: headers(type), body },
    expect: { status, mentions },
  });

  const bodyLevel: fc.Arbitrary<HostileCase> = fc.oneof(
    fc.tuple(validBody, fc.double({ min: 0.01, max: 0.99, noNaN: true })).map(([events, cut]) => {
      const text = JSON.stringify(events);
      return bodyCase('truncated', 400, 'position', text.slice(0, Math.max(1, Math.floor(text.length * cut))));
    }),
    fc.tuple(validBody, fc.double({ min: 0.01, max: 0.99, noNaN: true })).map(([events, cut]) => {
      // Cut inside the last line (never at a line boundary, which would leave valid lines only).
      const lines = events.map((e) => JSON.stringify(e));
      const last = lines[lines.length - 1];
      lines[lines.length - 1] = last.slice(0, Math.max(1, Math.min(last.length - 1, Math.floor(last.length * cut))));
      return bodyCase('truncatedNdjson', 400, `Line ${lines.length}`, lines.join('\n'), NDJSON_TYPE);
    }),
    fc.tuple(validBody, invalidUtf8, fc.boolean()).map(([events, bytes, ndjson]) => {
      const text = encode(events, ndjson);
      const at = text.indexOf('"hx-') + 4;
      const body = Buffer.concat([Buffer.from(text.slice(0, at)), bytes, Buffer.from(text.slice(at))]);
      return bodyCase('invalidUtf8', 400, 'UTF-8', body, ndjson ? NDJSON_TYPE : JSON_TYPE);
    }),
    fc
      .tuple(validBody, wrongMediaType)
      .map(([events, type]) =>
        bodyCase('mediaType', 415, 'Content-Type', JSON.stringify(events), { 'content-type': type }),
      ),
    validBody.map((events) => ({
      label: 'events/noContentType',
      request: { method: 'POST' as const, path, headers: { authorization }, body: JSON.stringify(events) },
      expect: { status: 415, mentions: 'Content-Type' },
    })),
    fc.tuple(validBody, contentEncoding).map(([events, encoding]) =>
      bodyCase('compressed', 415, 'Content-Encoding', gzipSync(JSON.stringify(events)), {
        ...JSON_TYPE,
        'content-encoding': encoding,
      }),
    ),
    validBody.map((events) => bodyCase('gzipUnannounced', 400, 'UTF-8', gzipSync(JSON.stringify(events)))),
    fc
      .oneof(
        fc.constant('{}'),
        fc.constant('null'),
        fc.constant('true'),
        fc.integer().map(String),
        fc.string().map((s) => JSON.stringify(s)),
        validBody.map((events) => JSON.stringify(events[0])),
      )
      .map((body) => bodyCase('notArray', 400, 'array', body)),
    fc.constantFrom('[]', '', '   ').map((body) => bodyCase('empty', 400, 'empty', body)),
    fc
      .integer({ min: 10_001, max: 12_000 })
      .map((n) => bodyCase('tooManyEvents', 413, 'at most 10000 events', `[${Array(n).fill('0').join(',')}]`)),
    fc
      .integer({ min: 100, max: 50_000 })
      .map((depth) => bodyCase('deepNesting', 422, '"field":"(event)"', '['.repeat(depth) + ']'.repeat(depth))),
  );

  return fc.oneof({ arbitrary: mixedBatch, weight: 3 }, { arbitrary: bodyLevel, weight: 1 });
}

/** A 422's errors must hold exactly the broken item, named by its field. */
export function checkItemErrors(hostile: HostileCase & { field?: string }, body: unknown): string | undefined {
  if (hostile.field === undefined) return undefined;
  const errors = (body as { errors?: { index: number; field: string }[] } | undefined)?.errors ?? [];
  if (errors.length !== 1 || errors[0].field !== hostile.field)
    return `expected one item error naming ${JSON.stringify(hostile.field)}, got ${JSON.stringify(errors).slice(0, 300)}`;
  return undefined;
}

/** A record for the direct-intake topic that must end on the dead-letter topic with `mentions` in its reason. */
export interface HostileRecord {
  label: string;
  value: Buffer | string;
  /** The `source` header; null: none. */
  source: string | null;
  mentions: string;
}

/** Malformed direct-intake records of `source` (a registered writer): bad events, bad bytes, bad headers. */
export function hostileIntakeRecords(source: string): fc.Arbitrary<HostileRecord> {
  const record = (label: string, value: Buffer | string, mentions: string, from: string | null = source) => ({
    label: `kafka/${label}`,
    value,
    source: from,
    mentions,
  });
  return fc.oneof(
    {
      arbitrary: fc
        .tuple(fc.uuid(), eventMutation)
        .map(([id, change]) =>
          record(`${change.kind}:${change.field}`, JSON.stringify(change.apply(validEvent(id))), `${change.field}: `),
        ),
      weight: 6,
    },
    fc.uuid().map((id) => record('truncated', JSON.stringify(validEvent(id)).slice(0, -1), 'value is not valid JSON')),
    fc.tuple(fc.uuid(), invalidUtf8).map(([id, bytes]) => {
      const text = JSON.stringify(validEvent(id));
      const at = text.indexOf('"hx-') + 4;
      return record(
        'invalidUtf8',
        Buffer.concat([Buffer.from(text.slice(0, at)), bytes, Buffer.from(text.slice(at))]),
        'UTF-8',
      );
    }),
    fc.uuid().map((id) => record('gzipped', gzipSync(JSON.stringify(validEvent(id))), 'UTF-8')),
    fc.uuid().map((id) => record('batchInOneRecord', JSON.stringify([validEvent(id)]), '(event): ')),
    fc
      .constantFrom('', 'null', '42', '"x"')
      .map((value) => record('notAnEvent', value, value === '' ? 'JSON' : '(event): ')),
    fc.uuid().map((id) => record('noSource', JSON.stringify(validEvent(id)), 'missing header', null)),
    fc
      .tuple(fc.uuid(), fc.constantFrom('unknown-vendor', '$where', '__proto__', 'a'.repeat(300)))
      .map(([id, from]) => record('unknownSource', JSON.stringify(validEvent(id)), 'is not registered', from)),
  );
}
