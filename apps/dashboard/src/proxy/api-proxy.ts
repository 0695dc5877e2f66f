import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DashboardEnv } from '../config/dashboard.env';
import { keyFromCookieHeader } from '../session/session-cookie';
import { apiBaseUrls, upstreamUrl, type ApiBaseUrls } from './api-routes';

/** Request headers passed on; the key comes from the session cookie, never from the page's script. */
const FORWARDED_REQUEST = ['accept', 'content-type', 'content-length', 'x-correlation-id', 'last-event-id'];
/** Response headers passed back (downloads, streams, errors). */
const FORWARDED_RESPONSE = [
  'content-type',
  'content-length',
  'content-disposition',
  'cache-control',
  'x-accel-buffering',
  'x-correlation-id',
  'retry-after',
];

function json(response: Response, status: number, message: string): void {
  response.status(status).json({ statusCode: status, message });
}

/**
 * The reverse proxy of `/api/<service>/…`: streams the body both ways (SSE included, no buffering),
 * answers 401 without a session and 502 when a service is down, in Vietnamese for the page to show.
 */
@Injectable()
export class ApiProxy implements BeforeApplicationShutdown {
  private readonly bases: ApiBaseUrls;
  /** Enders of the open event streams: they never end by themselves, and the HTTP server's close would wait for them. */
  private readonly streams = new Set<() => void>();

  constructor(@Inject(DashboardEnv) private readonly env: DashboardEnv) {
    this.bases = apiBaseUrls(env);
  }

  forward(request: Request, response: Response): void {
    const target = upstreamUrl(request.originalUrl, this.bases);
    if (!target) return json(response, 404, `Không có API ${request.originalUrl.split('?')[0]}`);
    const key = keyFromCookieHeader(request.headers.cookie);
    if (!key) return json(response, 401, 'Chưa đăng nhập hoặc phiên đã hết: hãy nhập lại khóa truy cập.');

    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    for (const name of FORWARDED_REQUEST) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const stream = /text\/event-stream/.test(request.headers.accept ?? '');
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(target, { method: request.method, headers }, (answer: IncomingMessage) => {
      response.status(answer.statusCode ?? 502);
      for (const name of FORWARDED_RESPONSE) {
        const value = answer.headers[name];
        if (value !== undefined) response.setHeader(name, value);
      }
      if (stream) response.flushHeaders();
      answer.pipe(response);
    });
    if (!stream) {
      upstream.setTimeout(this.env.API_TIMEOUT_MS, () =>
        upstream.destroy(new Error(`no answer within ${this.env.API_TIMEOUT_MS} ms`)),
      );
    }
    upstream.on('error', () => {
      if (!response.headersSent) json(response, 502, 'Không kết nối được dịch vụ, hãy thử lại sau ít phút.');
      else response.end();
    });
    // The page went away (a closed stream, a new view): stop the upstream request too.
    const end = () => {
      upstream.destroy();
      if (!response.writableEnded) response.end();
      this.streams.delete(end);
    };
    if (stream) this.streams.add(end);
    response.on('close', end);
    request.pipe(upstream);
  }

  /** On SIGTERM: the browsers see the streams end and reconnect to another replica (or to this one restarted). */
  beforeApplicationShutdown(): void {
    for (const end of [...this.streams]) end();
  }
}
