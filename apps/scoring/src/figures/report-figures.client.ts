import { Injectable } from '@nestjs/common';
import { ApiError } from '@dossier-ledger/platform';
import { ReportShapeError, parseReportBody, type ReportFiguresInput } from './report-figures.adapter';
import { parseCostPage, type CostPage, type CostsRequest } from './cost-page.adapter';

export interface ReportFiguresClientOptions {
  /** Base URL of the aggregator, e.g. `http://127.0.0.1:3002`. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
}

export interface ReportRequest {
  readonly unit: string;
  readonly from: string;
  readonly to: string;
  /** Report under the hierarchy valid on this date (the report API's `hierarchyAt`). */
  readonly hierarchyAt?: string;
  readonly by?: 'child';
}

/**
 * Reads report figures from the aggregator's report API (`GET /v1/reports/dossiers`) over HTTP,
 * forwarding the caller's own `Authorization` header: the aggregator applies the same key, role and
 * scope, and scoring holds no key of its own.
 *
 * Errors: the aggregator's 400/401/403/422 are answered with the same status and message (its 400s
 * name the parameter); anything else — unreachable, timeout, 5xx, a body of the wrong shape — is 502.
 */
@Injectable()
export class ReportFiguresClient {
  private readonly baseUrl: string;

  constructor(private readonly options: ReportFiguresClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async report(request: ReportRequest, authorization: string | undefined): Promise<ReportFiguresInput> {
    const params = new URLSearchParams({ unit: request.unit, from: request.from, to: request.to });
    if (request.hierarchyAt) params.set('hierarchyAt', request.hierarchyAt);
    if (request.by) params.set('by', request.by);
    const body = await this.get('/v1/reports/dossiers', params, authorization);
    try {
      return parseReportBody(body);
    } catch (error) {
      if (error instanceof ReportShapeError) throw new ApiError(502, `report API: unexpected body: ${error.message}`);
      throw error;
    }
  }

  /** One page of the dossiers that cost points (`GET /v1/reports/dossiers/costs`). */
  async costs(request: CostsRequest, authorization: string | undefined): Promise<CostPage> {
    const params = new URLSearchParams({
      unit: request.unit,
      from: request.from,
      to: request.to,
      kind: request.kind,
      page: String(request.page),
      pageSize: String(request.pageSize),
    });
    if (request.hierarchyAt) params.set('hierarchyAt', request.hierarchyAt);
    const body = await this.get('/v1/reports/dossiers/costs', params, authorization);
    try {
      return parseCostPage(body);
    } catch (error) {
      if (error instanceof ReportShapeError)
        throw new ApiError(502, `report API (costs): unexpected body: ${error.message}`);
      throw error;
    }
  }

  /** GET a path of the report API: its JSON body, or the mapped error (see the class comment). */
  private async get(path: string, params: URLSearchParams, authorization: string | undefined): Promise<unknown> {
    const url = `${this.baseUrl}${path}?${params.toString()}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const reason =
        (error as { name?: unknown } | null)?.name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs} ms`
          : describe(error);
      throw new ApiError(502, `report API unreachable (${this.baseUrl}): ${reason}`);
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const upstream = body as { message?: unknown; errors?: unknown } | undefined;
      const message = typeof upstream?.message === 'string' ? upstream.message : `HTTP ${response.status}`;
      const errors = Array.isArray(upstream?.errors) ? upstream.errors : undefined;
      if ([400, 401, 403, 422].includes(response.status))
        throw new ApiError(response.status, `report API: ${message}`, errors);
      throw new ApiError(502, `report API answered ${response.status} on ${path}: ${message}`);
    }
    return body;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
