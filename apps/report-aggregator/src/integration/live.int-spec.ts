import type { INestApplication } from '@nestjs/common';
import { parseReportUpdatedV1, TOPICS, type ReportUpdatedV1 } from '@dossier-ledger/contracts';
import { createKafka } from '@dossier-ledger/platform';
import { expectEventually, testServers, uniqueName } from '@dossier-ledger/testing';
import type { Consumer } from 'kafkajs';
import type { AddressInfo } from 'node:net';
import { createAggregatorApp } from '../app/aggregator-app';
import { ReportChangeHub } from '../live/report-change-hub';
import { ReportStreamController } from '../live/report-stream.controller';
import type { ReportStreamMessage } from '../live/report-stream.subscription';
import { StoryBook } from '@dossier-ledger/aggregation/testing';
import {
  createApiKey,
  dropDatabase,
  EventWriter,
  getJson,
  newSuite,
  registry,
  suiteEnv,
} from '../testing/aggregator-test-support';

// Live notifications end to end: events → projections → counters topic → merged read model's
// diff → change hub → the SSE stream of GET /v1/reports/stream and the report.updated.v1 topic.
const PROVINCE = '58';
const ON = '2024-03-01';
const OLD_ERA = registry.eraOn(ON)?.id as string;
/** Without hierarchyAt the stream follows a district in the latest hierarchy that has it: the 30/06/2025 tree. */
const STREAM_ERA = registry.eraOn('2025-06-30')?.id as string;
const [district, otherDistrict] = registry.children(PROVINCE, ON).map((u) => u.code);
const [commune, sibling] = registry.children(district, ON).map((u) => u.code);

/** An open SSE response read in the background into its `report.updated` messages and comments. */
class SseClient {
  readonly messages: { id: string; data: ReportStreamMessage }[] = [];
  readonly comments: string[] = [];
  /** True once the server ended the stream (not after close()). */
  ended = false;
  private readonly abort = new AbortController();
  private done?: Promise<void>;

  static async open(
    url: string,
    key: string,
  ): Promise<{ status: number; contentType: string | null; client: SseClient }> {
    const client = new SseClient();
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
      signal: client.abort.signal,
    });
    if (response.ok && response.body) client.done = client.read(response.body);
    return { status: response.status, contentType: response.headers.get('content-type'), client };
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const bytes of body) {
        buffer += decoder.decode(bytes, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
      this.ended = true;
    } catch {
      // Aborted by close().
    }
  }

  private frame(text: string): void {
    const fields = text
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()] as const);
    for (const [name, value] of fields) if (name === '') this.comments.push(value);
    const get = (name: string) => fields.find(([n]) => n === name)?.[1];
    if (get('event') === 'report.updated')
      this.messages.push({ id: get('id') as string, data: JSON.parse(get('data') as string) as ReportStreamMessage });
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}

describe('live notifications (SSE stream and report.updated.v1)', () => {
  const suite = newSuite('agg-live');
  const writer = new EventWriter(suite.prefix);
  const kafka = createKafka(testServers().kafkaBrokers, 'live-test-consumer');
  const updates: { key: string; value: ReportUpdatedV1 }[] = [];
  let consumer: Consumer;
  let app: INestApplication;
  let baseUrl: string;
  let key: string;

  beforeAll(async () => {
    await writer.start();
    key = await createApiKey(suite.database, [PROVINCE]);
    app = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    // The app created report.updated.v1; read it from the beginning.
    consumer = kafka.consumer({ groupId: uniqueName('live-test'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: suite.prefix + TOPICS.reportUpdated.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = parseReportUpdatedV1(message.value);
        if (value) updates.push({ key: String(message.key), value });
      },
    });
    // Live changes only count once the read model has read the counters topic's history.
    await expectEventually(async () => expect((await getJson(baseUrl, '/health')).status).toBe(200), {
      timeoutMs: 60_000,
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await app?.close();
    await writer.stop(); // deletes report.updated.v1 too
    await dropDatabase(suite.database);
  });

  it('streams the changed units of the subtree and their days, publishes report.updated, and cleans up on disconnect', async () => {
    const { status, contentType, client } = await SseClient.open(`${baseUrl}/v1/reports/stream?unit=${district}`, key);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    await expectEventually(() => expect(client.comments[0]).toBe(`following unit ${district} in ${STREAM_ERA}`));

    const book = new StoryBook('LIVE', 'live-source');
    book.receive('A', { unit: commune, on: '2024-03-05', due: '2024-03-20', channel: 'online' }).resolved('2024-03-09');
    book.receive('B', {
      unit: registry.children(otherDistrict, ON)[0].code,
      on: '2024-03-06',
      due: '2024-03-20',
      channel: 'direct',
    });
    await writer.write(book.events, book.source);

    await expectEventually(
      () => {
        const named = mergeUnits(client.messages.map((m) => m.data));
        expect(named[commune]).toEqual(['2024-03-05', '2024-03-09']);
        expect(named[district]).toEqual(['2024-03-05', '2024-03-09']);
      },
      { timeoutMs: 60_000 },
    );
    for (const { data } of client.messages) {
      expect(data).toMatchObject({ era: STREAM_ERA, unit: district });
      // Only the district's subtree: not the province above it, not the other district, not the idle sibling.
      for (const unit of Object.keys(data.units)) expect([commune, district]).toContain(unit);
    }

    await expectEventually(
      () => {
        const old = updates.filter((u) => u.value.era === OLD_ERA);
        expect(old.every((u) => u.key === OLD_ERA)).toBe(true);
        const named = mergeUnits(old.map((u) => u.value));
        expect(named[commune]).toEqual(['2024-03-05', '2024-03-09']);
        expect(named[district]).toEqual(['2024-03-05', '2024-03-09']);
        // B is pending: its day of receipt, and the day after its due date when it turns overdue.
        expect(named[otherDistrict]).toContain('2024-03-06');
        expect(named[PROVINCE]).toEqual(expect.arrayContaining(['2024-03-05', '2024-03-06', '2024-03-09']));
        expect(named[sibling]).toBeUndefined();
        // Pre-reform dossiers also roll up in today's hierarchy: their changes are announced there too.
        expect(updates.some((u) => u.value.era !== OLD_ERA && u.key === u.value.era)).toBe(true);
      },
      { timeoutMs: 60_000 },
    );

    const hub = app.get(ReportChangeHub);
    const listeners = hub.listenerCount;
    await client.close();
    await expectEventually(() => expect(hub.listenerCount).toBe(listeners - 1));
  });

  it('ends the open streams when the application shuts down (the HTTP server would wait for them)', async () => {
    const hub = app.get(ReportChangeHub);
    const listeners = hub.listenerCount;
    const { status, client } = await SseClient.open(`${baseUrl}/v1/reports/stream?unit=${district}`, key);
    expect(status).toBe(200);
    expect(hub.listenerCount).toBe(listeners + 1);
    await app.get(ReportStreamController).beforeApplicationShutdown();
    await expectEventually(() => expect(client.ended).toBe(true));
    expect(hub.listenerCount).toBe(listeners);
    await client.close();
  });

  it.each([
    ['no unit', '', 400, /\bunit\b/],
    ['an unknown unit', 'unit=99999', 400, /\bunit\b/],
  ])('answers %s with 400 naming the parameter', async (_name, query, status, message) => {
    const response = await getJson(baseUrl, `/v1/reports/stream?${query}`, key);
    expect(response.status).toBe(status);
    expect(String(response.body['message'])).toMatch(message);
    expect(response.body['errors']).toEqual([expect.objectContaining({ parameter: 'unit' })]);
  });

  it('needs a key with the read role, and keeps a key to its subtree', async () => {
    expect((await getJson(baseUrl, `/v1/reports/stream?unit=${district}`)).status).toBe(401);
    const writeOnly = await createApiKey(suite.database, [PROVINCE], ['write']);
    expect((await getJson(baseUrl, `/v1/reports/stream?unit=${district}`, writeOnly)).status).toBe(403);
    const otherKey = await createApiKey(suite.database, [otherDistrict]);
    const outside = await getJson(baseUrl, `/v1/reports/stream?unit=${district}`, otherKey);
    expect(outside.status).toBe(403);
    expect(String(outside.body['message'])).toContain(district);
  });

  it('documents the stream in OpenAPI as text/event-stream', async () => {
    const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as {
      paths: Record<string, { get?: { responses: Record<string, { content?: object }> } }>;
    };
    expect(Object.keys(document.paths['/v1/reports/stream']?.get?.responses['200']?.content ?? {})).toEqual([
      'text/event-stream',
    ]);
  });
});

/** Union of the units → days of several messages, days sorted. */
function mergeUnits(
  messages: readonly { units: Readonly<Record<string, readonly string[]>> }[],
): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const { units } of messages)
    for (const [unit, days] of Object.entries(units)) for (const day of days) (out[unit] ??= new Set()).add(day);
  return Object.fromEntries(Object.entries(out).map(([unit, days]) => [unit, [...days].sort()]));
}
