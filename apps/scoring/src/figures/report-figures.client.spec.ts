// Unit test of the HTTP client against a STUB HTTP server (node:http on 127.0.0.1, in this process),
// not against the real report aggregator: it checks the request the client sends (path, query,
// forwarded Authorization) and how it maps the answers. The stub's bodies copy the aggregator's
// shapes (DossierReportDto, error envelope); a change on the aggregator side is not caught here.
import { HttpException } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reportFixture } from '../testing/report-fixture';
import { ReportFiguresClient } from './report-figures.client';

interface Seen {
  url: string;
  authorization: string | undefined;
}

describe('ReportFiguresClient against a stub report API', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Seen[] = [];
  let answer: (request: IncomingMessage) => { status: number; body: unknown; delayMs?: number } = () => ({
    status: 200,
    body: reportFixture(),
  });

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ url: request.url ?? '', authorization: request.headers.authorization });
      const { status, body, delayMs } = answer(request);
      setTimeout(() => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(typeof body === 'string' ? body : JSON.stringify(body));
      }, delayMs ?? 0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
    answer = () => ({ status: 200, body: reportFixture() });
  });

  const client = (timeoutMs = 2_000) => new ReportFiguresClient({ baseUrl, timeoutMs });

  async function failure(work: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
    try {
      await work;
    } catch (error) {
      if (error instanceof HttpException)
        return { status: error.getStatus(), body: error.getResponse() as Record<string, unknown> };
      throw error;
    }
    throw new Error('expected an HttpException');
  }

  it('calls GET /v1/reports/dossiers with the window and by=child, forwarding the caller’s Authorization', async () => {
    const report = await client().report(
      { unit: '001', from: '2024-01-01', to: '2024-03-31', by: 'child' },
      'Bearer dl_k1_secret',
    );
    expect(report.unit.code).toBe('001');
    expect(seen).toEqual([
      {
        url: '/v1/reports/dossiers?unit=001&from=2024-01-01&to=2024-03-31&by=child',
        authorization: 'Bearer dl_k1_secret',
      },
    ]);
  });

  it('answers the aggregator’s 400 as 400 with its errors (they name the parameter)', async () => {
    const errors = [{ parameter: 'unit', message: 'unit: unknown unit 999' }];
    answer = () => ({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'unit: unknown unit 999', errors },
    });
    const { status, body } = await failure(
      client().report({ unit: '999', from: '2024-01-01', to: '2024-03-31' }, 'Bearer x'),
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ message: 'report API: unit: unknown unit 999', errors });
  });

  it.each([401, 403])('passes %s through', async (code) => {
    answer = () => ({ status: code, body: { statusCode: code, message: 'no' } });
    expect(
      (await failure(client().report({ unit: '001', from: '2024-01-01', to: '2024-03-31' }, undefined))).status,
    ).toBe(code);
  });

  it('answers 502 for a 5xx, a non-JSON body, a body of the wrong shape and a timeout', async () => {
    const request = { unit: '001', from: '2024-01-01', to: '2024-03-31' };
    answer = () => ({ status: 503, body: { message: 'Not ready' } });
    expect(await failure(client().report(request, undefined))).toMatchObject({
      status: 502,
      body: { message: 'report API answered 503 on /v1/reports/dossiers: Not ready' },
    });
    answer = () => ({ status: 200, body: '<html>' });
    expect((await failure(client().report(request, undefined))).status).toBe(502);
    answer = () => ({ status: 200, body: { ...reportFixture(), scoring: undefined } });
    expect((await failure(client().report(request, undefined))).body['message']).toMatch(
      /scoring\.lateWithApology\.count/,
    );
    answer = () => ({ status: 200, body: reportFixture(), delayMs: 500 });
    expect((await failure(client(100).report(request, undefined))).body['message']).toMatch(/no answer within 100 ms/);
  });

  it('reads one page of a dossier list from GET /v1/reports/dossiers/costs, checking its shape', async () => {
    const dossier = {
      dossierId: 'H22-1',
      unitCode: '00001',
      unitName: 'P',
      fieldCode: null,
      procedureCode: null,
      receivedOn: '2024-01-02',
      dueOn: '2024-01-09',
      finishedOn: '2024-01-12',
      apologyIssued: false,
      daysPastDue: 3,
      overdueSince: null,
    };
    answer = () => ({
      status: 200,
      body: { unit: { code: '001' }, kind: 'late', total: 41, page: 3, pageSize: 20, dossiers: [dossier] },
    });
    const page = await client().costs(
      { unit: '001', from: '2024-01-01', to: '2024-03-31', kind: 'late', page: 3, pageSize: 20 },
      'Bearer k',
    );
    expect(page).toEqual({ total: 41, page: 3, pageSize: 20, dossiers: [dossier] });
    expect(seen).toEqual([
      {
        url: '/v1/reports/dossiers/costs?unit=001&from=2024-01-01&to=2024-03-31&kind=late&page=3&pageSize=20',
        authorization: 'Bearer k',
      },
    ]);
    answer = () => ({ status: 200, body: { total: 1, page: 1, pageSize: 20, dossiers: [{ unitCode: '00001' }] } });
    const bad = await failure(
      client().costs(
        { unit: '001', from: '2024-01-01', to: '2024-03-31', kind: 'late', page: 1, pageSize: 20 },
        undefined,
      ),
    );
    expect(bad).toMatchObject({ status: 502, body: { message: expect.stringMatching(/dossiers\.0\.dossierId/) } });
  });

  it('answers 502 naming the URL when nothing listens', async () => {
    const closed = new ReportFiguresClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 });
    const { status, body } = await failure(
      closed.report({ unit: '001', from: '2024-01-01', to: '2024-03-31' }, undefined),
    );
    expect(status).toBe(502);
    expect(body['message']).toMatch(/^report API unreachable \(http:\/\/127\.0\.0\.1:9\)/);
  });
});
