import { sendRaw } from '@dossier-ledger/testing';
import { connect } from 'node:net';
import {
  receivedEvent,
  startIntakeApp,
  suiteEnvironment,
  SuiteServers,
  type IntakeTestApp,
} from '../testing/intake-test-kit';

// The limits that protect a service, on intake (the same platform code serves the report API and
// scoring): body and batch size, header size, a slow client cut off, a per-key rate limit.
// The figures printed here are the ones in docs/reliability.md.
const REQUEST_TIMEOUT_MS = 1_500;
const RATE = { perSecond: 2, burst: 5 };

describe('limits of the intake API (real servers)', () => {
  const variables = {
    ...suiteEnvironment('intake-limits'),
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    API_RATE_LIMIT_PER_SECOND: String(RATE.perSecond),
    API_RATE_LIMIT_BURST: String(RATE.burst),
  };
  const servers = new SuiteServers(variables);
  let intake: IntakeTestApp;
  let authorization: string;
  const port = () => Number(new URL(intake.baseUrl).port);

  beforeAll(async () => {
    intake = await startIntakeApp(variables);
    authorization = `Bearer ${await servers.createKey('limits-vendor', ['22'])}`;
  });

  afterAll(async () => {
    await intake?.close();
    await servers.close();
  });

  it('refuses a body over 16 MB with 413 and keeps serving', async () => {
    const body = Buffer.alloc(16 * 1024 * 1024 + 1, 0x20);
    const started = Date.now();
    const response = await sendRaw(intake.baseUrl, {
      method: 'POST',
      path: '/v1/events',
      headers: { authorization, 'content-type': 'application/json' },
      body,
    });
    console.log(`[limits] 16 MB + 1 byte body: ${response.status} after ${Date.now() - started} ms`);
    expect(response.status).toBe(413);
    expect(response.text).toContain('exceeds 16777216 bytes');
    const health = await sendRaw(intake.baseUrl, { method: 'GET', path: '/health' });
    expect(health.status).toBe(200);
  });

  it('refuses headers over 16 KiB with 431 (Node’s own limit)', async () => {
    const response = await sendRaw(intake.baseUrl, {
      method: 'GET',
      path: '/v1/dossiers/x/events',
      headers: { authorization, 'x-padding': 'a'.repeat(17 * 1024) },
    });
    expect(response.status).toBe(431);
  });

  it(`cuts off a client that trickles its request in with 408 after ${REQUEST_TIMEOUT_MS} ms`, async () => {
    const started = Date.now();
    const { answer, closedAfter } = await new Promise<{ answer: string; closedAfter: number }>((resolve, reject) => {
      let answer = '';
      const socket = connect(port(), '127.0.0.1', () => {
        socket.write(
          `POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[`,
        );
      });
      const trickle = setInterval(() => socket.write(' '), 100); // a byte every 100 ms: never idle, never done
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => {
        clearInterval(trickle);
        resolve({ answer, closedAfter: Date.now() - started });
      });
      setTimeout(() => socket.destroy(new Error('not cut off within 10 s')), 10_000);
    });
    console.log(`[limits] trickling client: cut off after ${closedAfter} ms (${answer.split('\r\n')[0]})`);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfter).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
  });

  it(`limits each key to ${RATE.perSecond} requests/s after a burst of ${RATE.burst}: 429 with Retry-After`, async () => {
    const send = (auth: string, n: number) =>
      sendRaw(intake.baseUrl, {
        method: 'POST',
        path: '/v1/events',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify([receivedEvent(n)]),
      });
    const answers = [];
    for (let i = 0; i < RATE.burst + 3; i++) answers.push(await send(authorization, i));
    const statuses = answers.map((a) => a.status);
    console.log(`[limits] ${answers.length} requests of one key at once: ${statuses.join(', ')}`);
    expect(statuses.slice(0, RATE.burst).every((s) => s === 202)).toBe(true);
    const refused = answers.slice(RATE.burst);
    expect(refused.map((a) => a.status)).toEqual([429, 429, 429]);
    expect(refused[0].text).toContain('retry after');
    const retryAfter = Number(refused[0].headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);

    // Another key is not affected; the first one is served again after Retry-After.
    const other = `Bearer ${await servers.createKey('limits-other', ['22'])}`;
    expect((await send(other, 100)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    expect((await send(authorization, 101)).status).toBe(202);
  });
});
