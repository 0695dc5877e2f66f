// Open-loop load: a batch every tick at a fixed event rate, several requests in flight. A batch
// whose turn comes while `maxInFlight` are pending waits; the delay shows as a lower achieved rate.
import { nowMs, sleep } from './measure';

export interface PacedLoadOptions {
  /** Events per second. */
  rate: number;
  seconds: number;
  tickMs?: number;
  maxInFlight?: number;
}

export interface PacedLoadResult {
  events: number;
  elapsedMs: number;
  /** Duration of each send, ms. */
  durations: number[];
}

/** Calls `send(tick, size)` every `tickMs` with rate × tick events; resolves when every send settled. */
export async function pacedLoad(
  options: PacedLoadOptions,
  send: (tick: number, size: number) => Promise<void>,
): Promise<PacedLoadResult> {
  const tickMs = options.tickMs ?? 100;
  const maxInFlight = options.maxInFlight ?? 8;
  const ticks = Math.round((options.seconds * 1000) / tickMs);
  const inFlight = new Set<Promise<void>>();
  const durations: number[] = [];
  let events = 0;
  let owed = 0;
  const started = nowMs();
  for (let tick = 0; tick < ticks; tick++) {
    const due = started + tick * tickMs;
    if (due > nowMs()) await sleep(due - nowMs());
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    owed += (options.rate * tickMs) / 1000;
    const size = Math.floor(owed);
    owed -= size;
    if (size === 0) continue;
    events += size;
    const t = nowMs();
    const job: Promise<void> = send(tick, size).then(() => {
      durations.push(nowMs() - t);
      inFlight.delete(job);
    });
    inFlight.add(job);
  }
  await Promise.all(inFlight);
  return { events, elapsedMs: nowMs() - started, durations };
}

/** Pulls events from a day-by-day stream in batches of any size. */
export class EventFeed<T> {
  private buffer: T[] = [];
  private at = 0;

  constructor(private readonly days: Iterator<T[]>) {}

  take(count: number): T[] {
    while (this.buffer.length - this.at < count) {
      const next = this.days.next();
      if (next.done) break;
      this.buffer = [...this.buffer.slice(this.at), ...next.value];
      this.at = 0;
    }
    const out = this.buffer.slice(this.at, this.at + count);
    this.at += out.length;
    return out;
  }
}
