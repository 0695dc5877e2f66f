import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';

/**
 * Cuts off slow clients: a request whose headers and body have not fully arrived within
 * `requestTimeoutMs` gets 408 and its connection is closed (Node's `requestTimeout`, checked every
 * `connectionsCheckingInterval`, 30 s by default and read when the server starts listening — so it
 * is set here, before `listen`). Headers larger than Node's 16 KiB default get 431 from Node itself.
 */
export function applyHttpLimits(app: INestApplication, limits: { requestTimeoutMs: number }): void {
  const server = app.getHttpServer() as Server & { connectionsCheckingInterval: number };
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = Math.min(limits.requestTimeoutMs, 60_000);
  server.connectionsCheckingInterval = Math.min(1_000, limits.requestTimeoutMs);
}
