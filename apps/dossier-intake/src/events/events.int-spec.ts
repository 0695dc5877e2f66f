import { TOPICS, EVENTS_COLLECTION } from '@dossier-ledger/contracts';
import { expectEventually } from '@dossier-ledger/testing';
import { OUTBOX_COLLECTION } from '../store/outbox.repository';
import {
  post,
  publishedEvent,
  receivedEvent,
  startIntakeApp,
  suiteEnvironment,
  SuiteServers,
  type IntakeTestApp,
} from '../testing/intake-test-kit';

describe('POST /v1/events against the real servers', () => {
  const variables = suiteEnvironment('intake-events');
  const servers = new SuiteServers(variables);
  let intake: IntakeTestApp;
  let key: string;
  let readOnlyKey: string;

  const submit = (body: unknown, options: { key?: string; contentType?: string } = {}) =>
    post(intake.baseUrl, '/v1/events', {
      key: 'key' in options ? options.key : key,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      contentType: options.contentType,
    });

  beforeAll(async () => {
    intake = await startIntakeApp(variables);
    key = await servers.createKey('vendor-a', ['193']);
    readOnlyKey = await servers.createKey('reader', ['22'], ['read']);
  });

  afterAll(async () => {
    await intake?.close();
    await servers.close();
  });

  it('is ready when Kafka and MongoDB answer, and serves the OpenAPI page', async () => {
    const health = await fetch(`${intake.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', checks: { kafka: 'up', mongo: 'up' } });
    const spec = (await (await fetch(`${intake.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/events', '/v1/dvcqg/DongBoHoSoMC', '/v1/dossiers/{dossierId}/events', '/health']),
    );
    expect(Object.keys(spec.components.schemas)).toEqual(
      expect.arrayContaining(['DossierReceivedDto', 'SupplementReceivedDto']),
    );
    expect((await fetch(`${intake.baseUrl}/docs`)).status).toBe(200);
  });

  it('accepts a valid batch: 202, stored, on Kafka keyed by dossier, readable per dossier', async () => {
    const batch = [1, 2, 3].map((n) => receivedEvent(n));
    batch.push(
      receivedEvent(4, {
        eventId: 'ev-1-resolved',
        dossierId: batch[0]['dossierId'],
        type: 'DossierResolved',
        occurredAt: '2023-01-09T10:00:00+07:00',
        channel: undefined,
        procedureCode: undefined,
        fieldCode: undefined,
        dueAt: undefined,
      }),
    );
    const answer = await submit(batch);
    expect(answer).toEqual({ status: 202, body: { accepted: 4, duplicates: 0, conflicts: [] } });
    expect(await servers.count(EVENTS_COLLECTION)).toBe(4);
    await expectEventually(async () => expect(await servers.count(OUTBOX_COLLECTION)).toBe(0)); // dropped off the request's path

    const messages = await servers.readTopic(TOPICS.dossierEvents, (m) => m.length >= 4);
    expect(messages).toHaveLength(4);
    for (const message of messages) {
      const { source, event } = publishedEvent(message);
      expect(source).toBe('vendor-a');
      expect(message.key?.toString()).toBe(event.dossierId);
      expect(message.headers?.['source']?.toString()).toBe('vendor-a');
      expect(message.headers?.['x-correlation-id']).toBeDefined();
    }

    const dossierId = String(batch[0]['dossierId']);
    const log = await expectEventually(async () => {
      const response = await fetch(`${intake.baseUrl}/v1/dossiers/${encodeURIComponent(dossierId)}/events`, {
        headers: { authorization: `Bearer ${readOnlyKey}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { events: { event: { eventId: string } }[] };
    });
    expect(log.events.map((e) => e.event.eventId)).toEqual(['ev-1', 'ev-1-resolved']);
  });

  it('reads NDJSON', async () => {
    const body = [receivedEvent(10), receivedEvent(11)].map((e) => JSON.stringify(e)).join('\n') + '\n';
    expect(await submit(body, { contentType: 'application/x-ndjson' })).toEqual({
      status: 202,
      body: { accepted: 2, duplicates: 0, conflicts: [] },
    });
  });

  it('counts duplicates (earlier and within the request) and lists conflicting ones', async () => {
    const answer = await submit([
      receivedEvent(1), // stored before, same content
      receivedEvent(2, { channel: 'direct' }), // stored before, other content
      receivedEvent(20),
      receivedEvent(20), // same request, same content
      receivedEvent(20, { channel: 'postal' }), // same request, other content
    ]);
    expect(answer).toEqual({
      status: 202,
      body: {
        accepted: 1,
        duplicates: 4,
        conflicts: [
          { index: 1, eventId: 'ev-2' },
          { index: 4, eventId: 'ev-20' },
        ],
      },
    });
    const stored = await (await servers.db()).collection(EVENTS_COLLECTION).findOne({ _id: 'vendor-a:ev-2' as never });
    expect(JSON.parse(String(stored?.['eventJson']))).toMatchObject({ channel: 'online' });
  });

  it('answers a re-sent batch the same from memory and, after a restart, from the store', async () => {
    const resend = [receivedEvent(1), receivedEvent(2, { channel: 'direct' }), receivedEvent(3)];
    const expected = { status: 202, body: { accepted: 0, duplicates: 3, conflicts: [{ index: 1, eventId: 'ev-2' }] } };
    expect(await submit(resend)).toEqual(expected); // recent-events cache of this instance
    const fresh = await startIntakeApp(variables); // empty cache: each duplicate is read by _id
    try {
      expect(await post(fresh.baseUrl, '/v1/events', { key, body: JSON.stringify(resend) })).toEqual(expected);
    } finally {
      await fresh.close();
    }
  });

  it('answers 401 without a key and with an unknown key, 403 for a key without the write role', async () => {
    expect(await submit([receivedEvent(30)], { key: undefined })).toMatchObject({
      status: 401,
      body: { statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('Missing API key') },
    });
    expect((await submit([receivedEvent(30)], { key: 'dl_0123456789abcdef_' + 'x'.repeat(43) })).status).toBe(401);
    expect((await submit([receivedEvent(30)], { key: 'nonsense' })).status).toBe(401);
    expect(await submit([receivedEvent(30)], { key: readOnlyKey })).toMatchObject({
      status: 403,
      body: { message: expect.stringContaining('write') },
    });
  });

  describe('refusing a request writes nothing', () => {
    let before: number;
    beforeEach(async () => {
      before = await servers.count(EVENTS_COLLECTION);
    });
    afterEach(async () => {
      expect(await servers.count(EVENTS_COLLECTION)).toBe(before);
      await expectEventually(async () => expect(await servers.count(OUTBOX_COLLECTION)).toBe(0));
    });

    it('403 naming the unit outside the key scope', async () => {
      const answer = await submit([receivedEvent(40), receivedEvent(41, { unitCode: '00001' })]);
      expect(answer).toMatchObject({
        status: 403,
        body: {
          statusCode: 403,
          error: 'Forbidden',
          message: expect.stringContaining('Unit 00001 is outside the scope'),
        },
      });
      expect(answer.body.errors).toEqual([{ index: 1, eventId: 'ev-41', unitCode: '00001' }]);
    });

    it('422 with one item per bad event', async () => {
      const answer = await submit([
        receivedEvent(50),
        receivedEvent(51, { occurredAt: '2023-01-05 08:30' }),
        receivedEvent(52, { applicantName: 'Nguyễn Văn A' }),
        { type: 'DossierLost' },
        receivedEvent(53, { unitCode: 'ZZ999' }),
      ]);
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: '4 of 5 events are invalid; nothing was stored',
      });
      expect(answer.body.errors).toEqual([
        { index: 1, eventId: 'ev-51', field: 'occurredAt', rule: 'isInstantWithOffset', message: expect.any(String) },
        {
          index: 2,
          eventId: 'ev-52',
          field: 'applicantName',
          rule: 'unknownField',
          message: 'applicantName is not a field of DossierReceived v1',
        },
        { index: 3, eventId: null, field: 'type', rule: 'isIn', message: expect.any(String) },
        { index: 4, eventId: 'ev-53', field: 'unitCode', rule: 'knownUnit', message: expect.stringContaining('ZZ999') },
      ]);
    });

    it('400 with the position of a JSON syntax error, and the line of a bad NDJSON line', async () => {
      expect(await submit('[{"eventId": "x",}]')).toMatchObject({
        status: 400,
        body: { statusCode: 400, message: expect.stringMatching(/position 17 \(line 1, column 18\)/) },
      });
      expect(
        await submit(`${JSON.stringify(receivedEvent(60))}\n{nope\n`, { contentType: 'application/x-ndjson' }),
      ).toMatchObject({ status: 400, body: { message: expect.stringContaining('Line 2') } });
    });

    it('413 above 10,000 events and above 16 MB', async () => {
      const many = Array.from({ length: 10_001 }, (_, n) => receivedEvent(100_000 + n));
      expect(await submit(many)).toMatchObject({
        status: 413,
        body: { statusCode: 413, message: expect.stringContaining('at most 10000 events') },
      });
      const huge = `[${JSON.stringify(receivedEvent(70))},"${'x'.repeat(16 * 1024 * 1024)}"]`;
      expect(await submit(huge)).toMatchObject({ status: 413, body: { message: expect.stringContaining('exceeds') } });
    });

    it('415 for another content type', async () => {
      expect(await submit(JSON.stringify([receivedEvent(80)]), { contentType: 'text/csv' })).toMatchObject({
        status: 415,
        body: { statusCode: 415, error: 'Unsupported Media Type' },
      });
    });
  });

  it('scopes the dossier log: 403 outside the scope, 404 for an unknown dossier', async () => {
    const otherProvince = await servers.createKey('hanoi', ['01'], ['read']);
    const dossierId = String(receivedEvent(1)['dossierId']);
    const get = (id: string, k: string) =>
      fetch(`${intake.baseUrl}/v1/dossiers/${encodeURIComponent(id)}/events`, {
        headers: { authorization: `Bearer ${k}` },
      });
    const forbidden = await get(dossierId, otherProvince);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ message: expect.stringContaining('06649') });
    expect((await get('no-such-dossier', readOnlyKey)).status).toBe(404);
  });
});
