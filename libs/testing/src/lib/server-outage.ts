import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './service-process';
import { testServers } from './test-servers';

const run = promisify(execFile);

export type LocalServerName = 'kafka' | 'ferretdb';

/**
 * Stops one of the project's local servers for `downMs`, then starts it again and waits until it is
 * ready (`tools/infra/infra.mjs down|up <server>`): the outage chaos trials. Throws when the test
 * servers are not those local ones (the port still answers after the stop), so that a trial never
 * passes without its fault.
 */
export async function serverOutage(server: LocalServerName, downMs: number): Promise<string> {
  const port = portOf(server);
  const infra = (command: 'up' | 'down') =>
    run(process.execPath, [join(REPO_ROOT, 'tools/infra/infra.mjs'), command, server], {
      cwd: REPO_ROOT,
      timeout: 120_000,
    });
  const started = Date.now();
  await infra('down');
  if (await isListening(port))
    throw new Error(`${server} still answers on port ${port} after a stop: not the project's local server`);
  await new Promise((resolve) => setTimeout(resolve, downMs));
  await infra('up');
  return `${server} down ${downMs} ms, back after ${Date.now() - started} ms`;
}

function portOf(server: LocalServerName): number {
  const { kafkaBrokers, mongoUri } = testServers();
  const address = server === 'kafka' ? kafkaBrokers.split(',')[0] : new URL(mongoUri).host;
  return Number(address.split(':').at(-1));
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}
