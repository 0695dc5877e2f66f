import { sendRaw } from './hostile/raw-http';
import { setTimeout as sleep } from 'node:timers/promises';

/** What a vendor saw while the service was killed under its load. */
export interface SendThroughKillResult {
  acknowledgedBeforeKill: number;
  /** Requests sent again after the restart: no answer before the kill, or not sent yet. */
  resent: number;
}

export interface SendThroughKillOptions {
  /** How many requests (indexes 0 … count − 1) the vendor has to deliver. */
  count: number;
  /** Sends request `index` to the service as it is now; the HTTP status, 0 when there was no answer. */
  send: (index: number) => Promise<number>;
  /** The status that acknowledges a request (anything else under 500 fails the run). */
  acknowledged: number;
  /** The kill lands once this many requests were acknowledged. */
  killAfter: number;
  kill: () => Promise<unknown>;
  /** Starts the service again (after `pauseMs`); `send` must reach the new process. */
  restart: () => Promise<void>;
  pauseMs: number;
  inFlight?: number;
}

/** A request to send again: no answer, or a server error. Anything else not acknowledged fails the run. */
function mustResend(index: number, status: number, acknowledged: number): boolean {
  if (status === acknowledged) return false;
  if (status === 0 || status >= 500) return true;
  throw new Error(`request ${index}: unexpected ${status}`);
}

/**
 * A vendor's load through a SIGKILL: `inFlight` senders until `killAfter` requests were acknowledged,
 * then the kill, a pause, the restart, and every request without an answer (or never sent) sent again.
 * A request refused after the restart fails the run: the vendor would have lost those events.
 */
export async function sendThroughKill(options: SendThroughKillOptions): Promise<SendThroughKillResult> {
  const unanswered: number[] = [];
  let next = 0;
  let acknowledged = 0;
  let killed = false;
  const sender = async () => {
    while (next < options.count) {
      const index = next++;
      if (mustResend(index, await options.send(index), options.acknowledged)) unanswered.push(index);
      else acknowledged++;
      if (!killed && acknowledged >= options.killAfter) {
        killed = true;
        await options.kill();
      }
      if (killed) return;
    }
  };
  await Promise.all(Array.from({ length: options.inFlight ?? 4 }, sender));
  const acknowledgedBeforeKill = acknowledged;
  if (!killed) await options.kill(); // fewer acknowledged than `killAfter`: the kill lands at the end
  for (let index = next; index < options.count; index++) unanswered.push(index);
  await sleep(options.pauseMs);
  await options.restart();
  for (const index of unanswered) {
    const status = await options.send(index);
    if (status !== options.acknowledged) throw new Error(`re-sent request ${index}: ${status}`);
  }
  return { acknowledgedBeforeKill, resent: unanswered.length };
}

/**
 * A vendor's load through a faulty network: `inFlight` senders, each request sent again (after
 * `retryMs`) until it is acknowledged; answers how many sends were repeats.
 */
export async function sendUntilAcknowledged(
  options: Pick<SendThroughKillOptions, 'count' | 'send' | 'acknowledged' | 'inFlight'> & {
    retryMs: number;
    /** The vendor gives up (the trial has failed and cleans up): the senders return. */
    stopped?: () => boolean;
  },
): Promise<{ resent: number }> {
  let next = 0;
  let resent = 0;
  const sender = async () => {
    while (next < options.count) {
      const index = next++;
      while (mustResend(index, await options.send(index), options.acknowledged)) {
        if (options.stopped?.()) return;
        resent++;
        await sleep(options.retryMs);
      }
    }
  };
  await Promise.all(Array.from({ length: options.inFlight ?? 4 }, sender));
  return { resent };
}

/** `events` as JSON request bodies of `size` events each, as a vendor batches them. */
export function jsonBatches(events: readonly unknown[], size: number): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += size) bodies.push(JSON.stringify(events.slice(i, i + size)));
  return bodies;
}

/** `POST /v1/events` of a JSON batch with an API key, as a vendor sends it: the status, 0 for no answer. */
export function postEvents(baseUrl: string, apiKey: string, body: string): Promise<number> {
  return sendRaw(baseUrl, {
    method: 'POST',
    path: '/v1/events',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body,
  }).then(
    (response) => response.status,
    () => 0,
  );
}
