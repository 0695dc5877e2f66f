import {
  defaultWorkingCalendar,
  fromDayNumber,
  toDayNumber,
  type LocalDate,
  type WorkingCalendar,
  localDateOfEpochMs,
} from '@dossier-ledger/calendar';
import type { DossierEventV1, UnitLevel } from '@dossier-ledger/contracts';
import { DEMO_PROCEDURES } from './catalog';
import { planDossier, type DemoUnit, type PlannedDossier } from './plan-dossier';

import { DEFAULT_TRAFFIC_PROFILE, type TrafficProfile } from './profile';

import { hash32, Rng } from './rng';

import { vnInstant } from './vn-time';

export type OpeningHours = 'office' | 'always';

export interface TrafficConfig {
  /** Units that receive dossiers: the province itself (its own departments) and its communes (districts before 07/2025). */
  readonly units: readonly DemoUnit[];
  /** Dossiers a working day across all units. */
  readonly perWorkingDay: number;
  /** First simulated instant (epoch ms): arrivals before it are not generated. */
  readonly start: number;
  readonly seed?: number;
  /** `office` (default): receipts 07:30–17:00 on working days; `always`: around the clock, every day. */
  readonly hours?: OpeningHours;
  readonly profile?: TrafficProfile;
  readonly calendar?: WorkingCalendar;
  /**
   * A demo device on top of the realistic flow: from `from` (epoch ms), `perHour` more dossiers an hour
   * around the clock, every day, spread over the units like the rest — so figures move whenever one
   * watches. Their later events still happen in office hours on working days. Their ids (`DL…`) name
   * `perHour`, so changing it never reuses an id.
   */
  readonly extra?: { readonly from: number; readonly perHour: number };
}

export interface Arrival {
  readonly dossierId: string;
  readonly unit: DemoUnit;
  readonly at: number;
}

export interface TrafficStats {
  readonly dossiers: number;
  readonly events: number;
  readonly byType: Readonly<Record<string, number>>;
  /** Events planned but not yet due (their time is after the cursor). */
  readonly scheduled: number;
}

const OFFICE_FROM = 7 * 3600 + 30 * 60;
const OFFICE_TO = 17 * 3600;
const DAY_SECONDS = 86_400;

/**
 * Stable short id of everything that shapes the traffic except the start: the same config restarted
 * later produces the same dossier ids with the same events (re-sent events are duplicates, never
 * conflicts), and a different config produces different ids.
 */
export function trafficFingerprint(config: TrafficConfig): string {
  const key = JSON.stringify({
    seed: config.seed ?? 1,
    perWorkingDay: config.perWorkingDay,
    hours: config.hours ?? 'office',
    profile: config.profile ?? DEFAULT_TRAFFIC_PROFILE,
    units: config.units.map((u) => `${u.code}:${u.level}`),
  });
  return hash32(key).toString(36).padStart(7, '0').slice(-5);
}

function yymmdd(date: LocalDate): string {
  return date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
}

/** Mean dossiers a working day of each unit: the level's share split over its units, unevenly (seeded). */
export function unitMeans(config: TrafficConfig): Map<string, number> {
  const profile = config.profile ?? DEFAULT_TRAFFIC_PROFILE;
  const seed = config.seed ?? 1;
  const levels = [...new Set(config.units.map((u) => u.level))];
  const shareSum = levels.reduce((s, level) => s + profile.levelShare[level], 0);
  const means = new Map<string, number>();
  for (const level of levels) {
    const units = config.units.filter((u) => u.level === level);
    const weights = units.map((u) =>
      units.length === 1 ? 1 : 0.4 + 1.2 * (hash32(`${seed}|weight|${u.code}`) / 2 ** 32),
    );
    const weightSum = weights.reduce((s, w) => s + w, 0);
    const levelMean = (config.perWorkingDay * profile.levelShare[level]) / shareSum;
    units.forEach((u, i) => means.set(u.code, (levelMean * weights[i]) / weightSum));
  }
  return means;
}

/** The dossiers arriving on one local day, in time order. Depends only on the config and the day. */
export function arrivalsOfDay(
  config: TrafficConfig,
  date: LocalDate,
  fingerprint = trafficFingerprint(config),
  means = unitMeans(config),
): Arrival[] {
  const cal = config.calendar ?? defaultWorkingCalendar;
  const always = config.hours === 'always';
  const working = cal.isWorkingDay(date);
  if (!always && !working) return [];
  const [from, to] = always ? [0, DAY_SECONDS] : [OFFICE_FROM, OFFICE_TO];
  const out: Arrival[] = [];
  for (const unit of config.units) {
    const rng = new Rng(`${config.seed ?? 1}|day|${date}|${unit.code}`);
    const count = rng.poisson(means.get(unit.code) ?? 0);
    const seconds = Array.from({ length: count }, () => rng.int(from, to - 1)).sort((a, b) => a - b);
    seconds.forEach((second, i) => {
      out.push({
        dossierId: `DM${fingerprint}-${unit.code}-${yymmdd(date)}-${String(i + 1).padStart(4, '0')}`,
        unit,
        at: vnInstant(date, second),
      });
    });
  }
  return out.sort((a, b) => a.at - b.at || (a.dossierId < b.dossierId ? -1 : 1));
}

/** The extra ("live") dossiers of one local day at or after `extra.from`, in time order. */
export function extraArrivalsOfDay(
  config: TrafficConfig,
  date: LocalDate,
  fingerprint = trafficFingerprint(config),
  means = unitMeans(config),
): Arrival[] {
  const extra = config.extra;
  if (extra === undefined || extra.perHour <= 0) return [];
  const rng = new Rng(`${config.seed ?? 1}|extra|${extra.perHour}|${date}`);
  const count = rng.poisson(extra.perHour * 24);
  const tag = hash32(`${fingerprint}|extra|${extra.perHour}`).toString(36).padStart(7, '0').slice(-5);
  const perUnit = new Map<string, number>();
  const draws = Array.from({ length: count }, () => ({
    second: rng.int(0, DAY_SECONDS - 1),
    unit: rng.weighted(config.units, (u) => means.get(u.code) ?? 0),
  }));
  draws.sort((a, b) => a.second - b.second || (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0));
  const out: Arrival[] = [];
  for (const { second, unit } of draws) {
    const i = (perUnit.get(unit.code) ?? 0) + 1;
    perUnit.set(unit.code, i);
    const at = vnInstant(date, second);
    if (at >= extra.from)
      out.push({ dossierId: `DL${tag}-${unit.code}-${yymmdd(date)}-${String(i).padStart(4, '0')}`, unit, at });
  }
  return out;
}

interface Entry {
  readonly at: number;
  /** Arrivals before events at the same instant, then by dossier and seq: independent of push order. */
  readonly rank: 0 | 1;
  readonly dossierId: string;
  readonly seq: number;
  readonly arrival?: Arrival;
  readonly event?: DossierEventV1;
}

function before(a: Entry, b: Entry): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.dossierId !== b.dossierId) return a.dossierId < b.dossierId;
  return a.seq < b.seq;
}

/** A binary min-heap of entries. */
class EntryHeap {
  private readonly items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Entry | undefined {
    return this.items[0];
  }

  push(entry: Entry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): Entry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l], items[m])) m = l;
        if (r < items.length && before(items[r], items[m])) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * One province's one-stop traffic over simulated time. `advanceTo(t)` returns every event that
 * happened in (previous t, t], in time order; a dossier's later events wait in the schedule until
 * their time comes. Pure and deterministic: no clock, no I/O; any sequence of `advanceTo` calls
 * reaching the same t yields the same events.
 */
export class TrafficSimulator {
  readonly fingerprint: string;
  private readonly means: Map<string, number>;
  private readonly profile: TrafficProfile;
  private readonly heap = new EntryHeap();
  private cursorMs: number;
  /** Last local day whose arrivals are scheduled. */
  private scheduledDay: number;
  private dossiers = 0;
  private events = 0;
  private readonly byType: Record<string, number> = {};
  private readonly outcomes: Record<string, number> = {};

  constructor(private readonly config: TrafficConfig) {
    if (config.units.length === 0) throw new Error('the demo traffic needs at least one unit');
    if (!(config.perWorkingDay >= 0)) throw new RangeError(`perWorkingDay must be ≥ 0, got ${config.perWorkingDay}`);
    this.fingerprint = trafficFingerprint(config);
    this.means = unitMeans(config);
    this.profile = config.profile ?? DEFAULT_TRAFFIC_PROFILE;
    this.cursorMs = config.start;
    this.scheduledDay = toDayNumber(localDateOfEpochMs(config.start)) - 1;
  }

  /** Events are returned up to this instant. */
  get cursor(): number {
    return this.cursorMs;
  }

  /** When the next scheduled event or arrival happens (undefined when nothing is scheduled yet). */
  get nextAt(): number | undefined {
    return this.heap.peek()?.at;
  }

  stats(): TrafficStats & { outcomes: Readonly<Record<string, number>> } {
    return {
      dossiers: this.dossiers,
      events: this.events,
      byType: { ...this.byType },
      scheduled: this.heap.size,
      outcomes: { ...this.outcomes },
    };
  }

  /** Events in (cursor, t], in time order. */
  advanceTo(t: number): DossierEventV1[] {
    if (t <= this.cursorMs) return [];
    const lastDay = toDayNumber(localDateOfEpochMs(t));
    while (this.scheduledDay < lastDay) {
      this.scheduledDay++;
      const day = fromDayNumber(this.scheduledDay);
      for (const arrival of [
        ...arrivalsOfDay(this.config, day, this.fingerprint, this.means),
        ...extraArrivalsOfDay(this.config, day, this.fingerprint, this.means),
      ]) {
        if (arrival.at >= this.config.start)
          this.heap.push({ at: arrival.at, rank: 0, dossierId: arrival.dossierId, seq: -1, arrival });
      }
    }
    const out: DossierEventV1[] = [];
    for (let top = this.heap.peek(); top !== undefined && top.at <= t; top = this.heap.peek()) {
      const entry = this.heap.pop() as Entry;
      if (entry.arrival) {
        this.schedule(this.plan(entry.arrival));
      } else if (entry.event && entry.at > this.cursorMs) {
        out.push(entry.event);
        this.events++;
        this.byType[entry.event.type] = (this.byType[entry.event.type] ?? 0) + 1;
      }
    }
    this.cursorMs = t;
    return out;
  }

  /** The plan of an arrival (exposed for tests and tools). */
  plan(arrival: Arrival): PlannedDossier {
    return planDossier({
      dossierId: arrival.dossierId,
      unit: arrival.unit,
      receivedAt: arrival.at,
      procedures: DEMO_PROCEDURES[arrival.unit.level as UnitLevel],
      profile: this.profile.levels[arrival.unit.level],
      rng: new Rng(`${this.config.seed ?? 1}|dossier|${arrival.dossierId}`),
      calendar: this.config.calendar,
    });
  }

  private schedule(plan: PlannedDossier): void {
    this.dossiers++;
    this.outcomes[plan.outcome] = (this.outcomes[plan.outcome] ?? 0) + 1;
    for (const event of plan.events) {
      this.heap.push({
        at: Date.parse(event.occurredAt),
        rank: 1,
        dossierId: event.dossierId,
        seq: event.seq ?? 0,
        event,
      });
    }
  }
}
