import { EVENTS_COLLECTION, KAFKA_HEADERS, TOPICS } from '@dossier-ledger/contracts';
import {
  describeHostileReport,
  expectEventually,
  hostileSeed,
  runHostileCases,
  sendRaw,
  type HostileCase,
} from '@dossier-ledger/testing';
import fc from 'fast-check';
import { Partitioners } from 'kafkajs';
import { DOSSIER_LOG_COLLECTION } from '../dossier-log/dossier-log.repository';
import { checkItemErrors, hostileEventRequests, hostileIntakeRecords } from '../testing/hostile-intake-requests';
import { hostileDvcqgRequests } from '../testing/hostile-dvcqg-requests';
import {
  post,
  receivedEvent,
  startIntakeApp,
  suiteEnvironment,
  SuiteServers,
  type IntakeTestApp,
} from '../testing/intake-test-kit';

// ≥ 10,000 generated malformed inputs across the services (this suite: intake's two HTTP inputs,
// its query endpoint and the Kafka direct-intake topic). Each one must be refused with a clear 4xx
// (or a dead letter) naming the field; no 5xx, no dropped connection; and nothing stored or published.
// HOSTILE_SEED reproduces a run; HOSTILE_SCALE multiplies the counts.
const SCALE = Number(process.env['HOSTILE_SCALE'] ?? '1');
const COUNTS = { events: 4_500 * SCALE, dvcqg: 3_500 * SCALE, queries: 500 * SCALE, records: 1_000 * SCALE };
const AGENCY = '000.00.00.H49'; // → province 22 in the shipped agency map

describe('hostile input against intake (real servers)', () => {
  // No rate limit here: thousands of requests of one key in a minute are the point (limits.int-spec.ts tests it).
  const variables = {
    ...suiteEnvironment('intake-hostile'),
    API_KEY_CACHE_TTL_MS: '60000',
    API_RATE_LIMIT_PER_SECOND: '0',
  };
  const servers = new SuiteServers(variables);
  const seed = hostileSeed('intake');
  let intake: IntakeTestApp;
  let authorization: string;
  let baseline: { collections: Record<string, number>; published: number };

  const collectionCounts = async () => {
    const names = new Set<string>();
    for (const db of await servers.databases())
      for (const { name } of await db.listCollections().toArray()) names.add(name);
    return Object.fromEntries(
      await Promise.all([...names].sort().map(async (n) => [n, await servers.count(n)] as const)),
    );
  };
  const publishedCount = async () => {
    const admin = servers.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(servers.topic(TOPICS.dossierEvents));
      return offsets.reduce((sum, o) => sum + Number(o.high), 0);
    } finally {
      await admin.disconnect();
    }
  };

  beforeAll(async () => {
    intake = await startIntakeApp(variables);
    const key = await servers.createKey('hostile-vendor', ['22']);
    authorization = `Bearer ${key}`;
    // Some real figures first, so "unchanged" is about something.
    const accepted = await post(intake.baseUrl, '/v1/events', {
      key,
      body: JSON.stringify([1, 2, 3].map((n) => receivedEvent(n))),
    });
    expect(accepted.status).toBe(202);
    await expectEventually(async () => expect(await servers.count(EVENTS_COLLECTION)).toBe(3));
    await expectEventually(async () => expect(await publishedCount()).toBe(3));
    await expectEventually(async () => expect(await servers.count(DOSSIER_LOG_COLLECTION)).toBe(3));
    baseline = { collections: await collectionCounts(), published: await publishedCount() };
  });

  afterAll(async () => {
    await intake?.close();
    await servers.close();
  });

  const run = async (name: string, cases: HostileCase[]) => {
    const report = await runHostileCases(intake.baseUrl, cases, {
      check: (hostile, response) => (response.status === 422 ? checkItemErrors(hostile, response.json) : undefined),
    });
    console.log(describeHostileReport(name, report));
    expect(report.failures.slice(0, 20)).toEqual([]);
    expect(report.sent).toBe(cases.length);
  };

  it(`POST /v1/events: ${COUNTS.events} malformed batches → 4xx naming the item and field`, async () => {
    const cases = fc.sample(hostileEventRequests('/v1/events', authorization), { seed, numRuns: COUNTS.events });
    await run('POST /v1/events', cases);
  });

  it(`POST /v1/dvcqg/DongBoHoSoMC: ${COUNTS.dvcqg} malformed payloads → 4xx {error_code ≠ 0} naming the field`, async () => {
    const cases = fc.sample(hostileDvcqgRequests('/v1/dvcqg/DongBoHoSoMC', AGENCY, authorization), {
      seed: seed + 1,
      numRuns: COUNTS.dvcqg,
    });
    await run('DongBoHoSoMC', cases);
  });

  it(`GET /v1/dossiers/:dossierId/events: ${COUNTS.queries} hostile identifiers → 4xx`, async () => {
    const id = fc.oneof(
      fc.constantFrom('$where', '{"$gt":""}', '__proto__', 'constructor', 'a.b', '..', 'x'.repeat(2_000)),
      fc.string({ minLength: 1, maxLength: 60 }).filter((s) => !/[\ud800-\udfff]/.test(s)),
    );
    const cases = fc.sample(id, { seed: seed + 2, numRuns: COUNTS.queries }).map((dossierId): HostileCase => ({
      label: 'dossier-log/unknownId',
      request: {
        method: 'GET',
        path: `/v1/dossiers/${encodeURIComponent(dossierId)}/events`,
        headers: { authorization },
      },
      expect: { status: 404, mentions: 'No events are known for dossier' },
    }));
    const undecodable: HostileCase[] = ['%FF', '%E0%A4%A', '%', '%C0%AF'].map((raw) => ({
      label: 'dossier-log/badPercentEncoding',
      request: { method: 'GET', path: `/v1/dossiers/${raw}/events`, headers: { authorization } },
      expect: { status: 400, mentions: 'Failed to decode param' },
    }));
    await run('GET /v1/dossiers/:id/events', [...cases, ...undecodable]);
  });

  it(`Kafka direct intake: ${COUNTS.records} malformed records → each on the dead-letter topic, reason naming the field`, async () => {
    const records = fc.sample(hostileIntakeRecords('hostile-vendor'), { seed: seed + 3, numRuns: COUNTS.records });
    const producer = servers.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      const messages = records.map((r, i) => ({
        key: `case-${i}`,
        value: r.value,
        headers: r.source === null ? {} : { [KAFKA_HEADERS.source]: r.source },
      }));
      // Requests under the broker's 1 MB limit (a huge string alone is up to 400 kB).
      for (let start = 0; start < messages.length;) {
        let end = start;
        for (let bytes = 0; end < messages.length && (end === start || bytes < 400_000); end++)
          bytes += Buffer.byteLength(messages[end].value);
        await producer.send({ topic: servers.topic(TOPICS.intakeRaw), messages: messages.slice(start, end) });
        start = end;
      }
    } finally {
      await producer.disconnect();
    }
    // Whatever has not arrived within a minute is reported below, case by case.
    const letters = await servers.readTopic(
      TOPICS.intakeDeadLetter,
      (m) => m.length >= records.length,
      60_000,
      'return',
    );
    const reasons = new Map(
      letters.map((m) => [m.key?.toString(), m.headers?.[KAFKA_HEADERS.deadLetterReason]?.toString() ?? '']),
    );
    const failures = records.flatMap((r, i) => {
      const reason = reasons.get(`case-${i}`);
      if (reason === undefined)
        return [`${r.label}: case-${i} is not on the dead-letter topic: ${r.value.toString().slice(0, 200)}`];
      return reason.includes(r.mentions) ? [] : [`${r.label}: reason ${JSON.stringify(reason)} lacks ${r.mentions}`];
    });
    console.log(
      `[hostile] Kafka direct intake: ${records.length} records, ${letters.length} dead letters; ${failures.length} not as expected`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(letters).toHaveLength(records.length);
  });

  it('after all of it: the service is healthy and nothing was stored or published', async () => {
    const health = await sendRaw(intake.baseUrl, { method: 'GET', path: '/health' });
    expect(health.status).toBe(200);
    expect(await publishedCount()).toBe(baseline.published);
    expect(await collectionCounts()).toEqual(baseline.collections);
  });
});
