import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, type ServiceProcess } from './service-process';
import { testServers } from './test-servers';
import { setTimeout as sleep } from 'node:timers/promises';

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
  await sleep(downMs);
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

/**
 * Stops the local Kafka and FerretDB one after the other, in a seeded order, each for 2–6 s after a
 * seeded 0.5–3 s: the services' outage trials. Throws unless every service in `watched` answered 503
 * on `GET /health` during each stop (not ready, yet alive).
 */
export async function serverOutages(watched: ServiceProcess[], random: () => number): Promise<string[]> {
  const servers: LocalServerName[] = random() < 0.5 ? ['kafka', 'ferretdb'] : ['ferretdb', 'kafka'];
  const faults: string[] = [];
  for (const server of servers) {
    await sleep(500 + Math.floor(random() * 2_500));
    const readiness = watched.map((service) => watchReadiness(service.baseUrl));
    const outage = await serverOutage(server, 2_000 + Math.floor(random() * 4_000));
    const seen = await Promise.all(readiness.map((watch) => watch.stop()));
    const answers = watched.map((service, i) => `${service.name} /health ${[...seen[i]].join(', ')}`);
    if (seen.some((statuses) => !statuses.has(503)))
      throw new Error(`a service never said it was not ready while ${server} was down: ${answers.join('; ')}`);
    faults.push(`${outage} (${answers.join('; ')})`);
  }
  return faults;
}

/** Polls `GET /health` every 250 ms until stopped; answers the statuses seen (0: no answer within 5 s, longer than a readiness check may take). */
function watchReadiness(baseUrl: string): { stop(): Promise<Set<number>> } {
  const statuses = new Set<number>();
  let stopped = false;
  const polling = (async () => {
    while (!stopped) {
      const status = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) }).then(
        (response) => response.status,
        () => 0,
      );
      statuses.add(status);
      await sleep(250);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await polling;
      return statuses;
    },
  };
}
