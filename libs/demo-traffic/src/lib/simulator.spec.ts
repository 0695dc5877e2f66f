import {
  computeAppointment,
  isWorkingDay,
  localDateOf,
  localDateTimeOf,
  parseIsoLocalDate,
} from '@dossier-ledger/calendar';
import { validateDossierEventV1, type DossierEventV1 } from '@dossier-ledger/contracts';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { DEMO_PROCEDURES } from './catalog';
import { provinceUnits } from './demo-units';
import type { DemoUnit } from './plan-dossier';
import { withProfile } from './profile';
import { Rng } from './rng';
import { arrivalsOfDay, extraArrivalsOfDay, TrafficSimulator, type TrafficConfig } from './simulator';
import { vnInstant } from './vn-time';

const UNITS: DemoUnit[] = [
  { code: '42', name: 'Tỉnh Hà Tĩnh', level: 'province' },
  ...Array.from({ length: 12 }, (_, i) => ({
    code: `4${String(i + 1).padStart(4, '0')}`,
    name: `Xã ${i + 1}`,
    level: 'commune' as const,
  })),
];
const START = vnInstant(parseIsoLocalDate('2026-03-02'), 0); // a Monday

function config(overrides: Partial<TrafficConfig> = {}): TrafficConfig {
  return { units: UNITS, perWorkingDay: 400, start: START, seed: 7, ...overrides };
}

function byDossier(events: readonly DossierEventV1[]): Map<string, DossierEventV1[]> {
  const map = new Map<string, DossierEventV1[]>();
  for (const e of events) {
    const list = map.get(e.dossierId) ?? [];
    list.push(e);
    map.set(e.dossierId, list);
  }
  return map;
}

const DAY = 86_400_000;

describe('Rng', () => {
  it('repeats its sequence for a key and draws Poisson counts around the mean', () => {
    const a = new Rng('k');
    const b = new Rng('k');
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    const rng = new Rng('poisson');
    for (const mean of [3, 12, 80]) {
      const draws = Array.from({ length: 4000 }, () => rng.poisson(mean));
      expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeCloseTo(mean, 0);
    }
  });
});

describe('TrafficSimulator: events', () => {
  // 40 simulated days, then 25 more so most dossiers have finished.
  const sim = new TrafficSimulator(config());
  const events = sim.advanceTo(START + 40 * DAY);
  const receivedBefore = new Set(events.filter((e) => e.type === 'DossierReceived').map((e) => e.dossierId));
  const all = [...events, ...sim.advanceTo(START + 65 * DAY)];
  const dossiers = byDossier(all);

  it('produces valid canonical v1 events only', () => {
    expect(events.length).toBeGreaterThan(30_000);
    // class-validator is slow: every event of each type's first 300, then a 1-in-20 sample.
    const seen: Record<string, number> = {};
    const sample = all.filter((e, i) => (seen[e.type] = (seen[e.type] ?? 0) + 1) <= 300 || i % 20 === 0);
    const invalid = sample.map(validateDossierEventV1).filter((r) => !r.ok);
    expect(invalid).toEqual([]);
    expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
  });

  it('returns events in time order, within (previous cursor, t]', () => {
    const times = all.map((e) => Date.parse(e.occurredAt));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(times[0]).toBeGreaterThanOrEqual(START);
    expect(events.every((e) => Date.parse(e.occurredAt) <= START + 40 * DAY)).toBe(true);
    expect(sim.advanceTo(START + 10 * DAY)).toEqual([]);
  });

  it('gives each dossier one receipt first, seq in order, at most one end, and nothing but attributes after it', () => {
    const ends = new Set(['DossierResolved', 'DossierReturned', 'DossierWithdrawn']);
    const after = new Set(['ResultReturned', 'SatisfactionRated']);
    const broken: string[] = [];
    for (const [id, list] of dossiers) {
      const endIndex = list.findIndex((e) => ends.has(e.type));
      if (list[0].type !== 'DossierReceived') broken.push(`${id}: starts with ${list[0].type}`);
      if (list.some((e, i) => e.seq !== i)) broken.push(`${id}: seq out of order`);
      if (list.filter((e) => ends.has(e.type)).length > 1) broken.push(`${id}: several ends`);
      if (endIndex >= 0 && !list.slice(endIndex + 1).every((e) => after.has(e.type)))
        broken.push(`${id}: state events after the end`);
    }
    expect(broken).toEqual([]);
  });

  it('receives dossiers on working days during office hours, due on a working-day appointment', () => {
    const broken: string[] = [];
    let withDue = 0;
    for (const list of dossiers.values()) {
      const r = list[0];
      if (r.type !== 'DossierReceived') continue;
      const { date, minuteOfDay } = localDateTimeOf(r.occurredAt);
      if (!isWorkingDay(date) || minuteOfDay < 7 * 60 + 30 || minuteOfDay >= 17 * 60)
        broken.push(`${r.dossierId}: received ${r.occurredAt}`);
      const procedure = DEMO_PROCEDURES[r.unitCode === '42' ? 'province' : 'commune'].find(
        (p) => p.code === r.procedureCode,
      );
      if (procedure === undefined) {
        broken.push(`${r.dossierId}: unknown procedure ${r.procedureCode}`);
      } else if (procedure.days === null) {
        if (r.dueAt !== null) broken.push(`${r.dossierId}: due without an appointment`);
      } else {
        withDue++;
        if (r.dueAt !== computeAppointment(r.occurredAt, procedure.days).dueAt)
          broken.push(`${r.dossierId}: due ${r.dueAt}`);
        if (r.dueAt === null || !isWorkingDay(localDateOf(r.dueAt))) broken.push(`${r.dossierId}: due on a day off`);
      }
    }
    expect(broken).toEqual([]);
    expect(withDue).toBeGreaterThan(5_000);
  });

  it('moves the appointment by the applicant’s waiting time after a supplement', () => {
    let checked = 0;
    for (const list of dossiers.values()) {
      const r = list[0];
      const received = list.find((e) => e.type === 'SupplementReceived');
      if (r.type !== 'DossierReceived' || r.dueAt === null || received?.type !== 'SupplementReceived') continue;
      expect(received.newDueAt).toBeDefined();
      expect(localDateOf(received.newDueAt as string) >= localDateOf(r.dueAt)).toBe(true);
      expect(localDateOf(received.newDueAt as string) >= localDateOf(received.occurredAt)).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('has the rates of the example reports', () => {
    const stats = { province: newTally(), commune: newTally() };
    for (const list of dossiers.values()) {
      const r = list[0];
      if (r.type !== 'DossierReceived' || !receivedBefore.has(r.dossierId)) continue;
      const t = r.unitCode === '42' ? stats.province : stats.commune;
      t.received++;
      if (r.channel === 'online') t.online++;
      if (list.some((e) => e.type === 'SupplementRequested')) t.supplement++;
      if (list.some((e) => e.type === 'DossierReturned')) t.returned++;
      if (list.some((e) => e.type === 'DossierWithdrawn')) t.withdrawn++;
      const resolved = list.find((e) => e.type === 'DossierResolved');
      if (resolved) {
        t.resolved++;
        let due = r.dueAt;
        for (const e of list)
          if (
            e.type === 'SupplementReceived' &&
            e.newDueAt &&
            Date.parse(e.occurredAt) <= Date.parse(resolved.occurredAt)
          )
            due = e.newDueAt;
        if (due !== null && localDateOf(resolved.occurredAt) > localDateOf(due)) {
          t.late++;
          if (list.some((e) => e.type === 'ApologyIssued')) t.apology++;
        }
      }
    }
    const rate = (n: number, d: number) => n / d;
    expect(stats.commune.received).toBeGreaterThan(6_000);
    expect(rate(stats.commune.online, stats.commune.received)).toBeCloseTo(0.83, 1);
    expect(rate(stats.province.online, stats.province.received)).toBeCloseTo(0.72, 1);
    expect(rate(stats.province.online, stats.province.received)).toBeLessThan(
      rate(stats.commune.online, stats.commune.received),
    );
    expect(rate(stats.province.supplement, stats.province.received)).toBeGreaterThan(0.38);
    expect(rate(stats.province.supplement, stats.province.received)).toBeLessThan(0.5);
    expect(rate(stats.commune.supplement, stats.commune.received)).toBeLessThan(0.12);
    for (const t of [stats.province, stats.commune]) {
      expect(rate(t.late, t.resolved)).toBeGreaterThan(0.02);
      expect(rate(t.late, t.resolved)).toBeLessThan(0.1);
      expect(rate(t.apology, t.late)).toBeGreaterThan(0.4);
    }
    const total = sumTally(stats.province, stats.commune);
    expect(rate(total.returned, total.received)).toBeGreaterThan(0.001);
    expect(rate(total.returned, total.received)).toBeLessThan(0.006);
    expect(rate(total.withdrawn, total.received)).toBeGreaterThan(0.0005);
    expect(rate(total.withdrawn, total.received)).toBeLessThan(0.005);
  });

  it('emits every event type of a dossier’s life', () => {
    expect(Object.keys(sim.stats().byType).sort()).toEqual(
      [
        'ApologyIssued',
        'DossierDigitized',
        'DossierReceived',
        'DossierResolved',
        'DossierReturned',
        'DossierWithdrawn',
        'PaymentCompleted',
        'PaymentRequested',
        'ResultReturned',
        'SatisfactionRated',
        'SupplementReceived',
        'SupplementRequested',
      ].sort(),
    );
  });
});

interface Tally {
  received: number;
  online: number;
  supplement: number;
  returned: number;
  withdrawn: number;
  resolved: number;
  late: number;
  apology: number;
}

function newTally(): Tally {
  return { received: 0, online: 0, supplement: 0, returned: 0, withdrawn: 0, resolved: 0, late: 0, apology: 0 };
}

function sumTally(a: Tally, b: Tally): Tally {
  const out = newTally();
  for (const k of Object.keys(out) as (keyof Tally)[]) out[k] = a[k] + b[k];
  return out;
}

describe('TrafficSimulator: determinism', () => {
  it('yields the same events whatever the steps', () => {
    const oneStep = new TrafficSimulator(config({ perWorkingDay: 120 })).advanceTo(START + 9 * DAY);
    const stepped = new TrafficSimulator(config({ perWorkingDay: 120 }));
    const many: DossierEventV1[] = [];
    for (let t = START + 977_000; t < START + 9 * DAY; t += 3_600_000 + 977_000) many.push(...stepped.advanceTo(t));
    many.push(...stepped.advanceTo(START + 9 * DAY));
    expect(many).toEqual(oneStep);
  });

  it('regenerates the same dossiers when restarted later (re-sent events are duplicates, not conflicts)', () => {
    const early = new TrafficSimulator(config({ perWorkingDay: 120 })).advanceTo(START + 12 * DAY);
    const laterStart = START + 5 * DAY;
    const restarted = new TrafficSimulator(config({ perWorkingDay: 120, start: laterStart })).advanceTo(
      START + 12 * DAY,
    );
    const fromRestart = new Set(restarted.map((e) => e.dossierId));
    const sameDossiers = early.filter((e) => fromRestart.has(e.dossierId));
    expect(restarted).toEqual(sameDossiers);
    expect(restarted.length).toBeGreaterThan(1000);
  });

  it('names dossiers after the configuration, so a changed configuration never reuses an id', () => {
    const a = new TrafficSimulator(config());
    const b = new TrafficSimulator(config({ seed: 8 }));
    const c = new TrafficSimulator(config({ profile: withProfile({ levels: { commune: { online: 0.5 } } }) }));
    expect(new Set([a.fingerprint, b.fingerprint, c.fingerprint]).size).toBe(3);
    const id = a.advanceTo(START + DAY)[0].dossierId;
    expect(id).toMatch(new RegExp(`^DM${a.fingerprint}-\\d{2,5}-260302-\\d{4}$`));
    expect(id.length).toBeLessThanOrEqual(64);
  });

  it('receives nothing on days off in office hours, something every day around the clock', () => {
    const sunday = parseIsoLocalDate('2026-03-08');
    expect(arrivalsOfDay(config(), sunday)).toEqual([]);
    const always = arrivalsOfDay(config({ hours: 'always' }), sunday);
    expect(always.length).toBeGreaterThan(300);
    expect(always.some((a) => localDateTimeOf(new Date(a.at).toISOString()).minuteOfDay < 6 * 60)).toBe(true);
  });
});

describe('TrafficSimulator: extra live dossiers', () => {
  const sunday = parseIsoLocalDate('2026-03-08');
  const from = vnInstant(sunday, 12 * 3600);

  it('adds perHour dossiers around the clock from `from` only, with their own ids', () => {
    const extra = extraArrivalsOfDay(config({ extra: { from, perHour: 60 } }), sunday);
    expect(extra.length).toBeGreaterThan(500);
    expect(extra.length).toBeLessThan(900);
    expect(extra.every((a) => a.at >= from && /^DL[0-9a-z]{5}-\d{2,5}-260308-\d{4}$/.test(a.dossierId))).toBe(true);
    expect(new Set(extra.map((a) => a.dossierId)).size).toBe(extra.length);
    expect(extraArrivalsOfDay(config(), sunday)).toEqual([]);
  });

  it('keeps the same extra dossiers when `from` moves, and new ids when perHour changes', () => {
    const earlier = extraArrivalsOfDay(config({ extra: { from: from - 6 * 3_600_000, perHour: 60 } }), sunday);
    const later = extraArrivalsOfDay(config({ extra: { from, perHour: 60 } }), sunday);
    expect(earlier.filter((a) => a.at >= from)).toEqual(later);
    const other = extraArrivalsOfDay(config({ extra: { from, perHour: 61 } }), sunday);
    expect(other.some((a) => later.some((b) => b.dossierId === a.dossierId))).toBe(false);
  });

  it('leaves the realistic flow and its ids unchanged', () => {
    const plain = new TrafficSimulator(config({ perWorkingDay: 100 }));
    const withExtra = new TrafficSimulator(
      config({ perWorkingDay: 100, extra: { from: START + 2 * DAY, perHour: 30 } }),
    );
    expect(withExtra.fingerprint).toBe(plain.fingerprint);
    const a = plain.advanceTo(START + 5 * DAY);
    const b = withExtra.advanceTo(START + 5 * DAY);
    expect(b.filter((e) => e.dossierId.startsWith('DM'))).toEqual(a);
    expect(b.filter((e) => e.dossierId.startsWith('DL') && e.type === 'DossierReceived').length).toBeGreaterThan(1500);
  });
});

describe('provinceUnits (real registry)', () => {
  const registry = loadDefaultUnitRegistry();

  it('gives Hà Tĩnh (42) after 07/2025: the province and its communes', () => {
    const { province, units, datasetId } = provinceUnits(registry, '42', '2026-11-25');
    expect(province).toEqual({ code: '42', name: 'Tỉnh Hà Tĩnh', level: 'province' });
    expect(datasetId).toBe('units-2025-07-01.v1');
    const communes = units.filter((u) => u.level === 'commune');
    expect(communes.length).toBeGreaterThan(50);
    expect(communes.every((u) => /^\d{5}$/.test(u.code) && registry.parent(u.code, '2026-11-25')?.code === '42')).toBe(
      true,
    );
    expect(units.some((u) => u.level === 'district')).toBe(false);
  });

  it('gives districts and communes before the reform, and refuses a code that is not a province', () => {
    const before = provinceUnits(registry, '42', '2024-02-01');
    expect(before.units.some((u) => u.level === 'district')).toBe(true);
    expect(() => provinceUnits(registry, '02', '2026-11-25')).toThrow(/not a province/);
    expect(() => provinceUnits(registry, '42001', '2026-11-25')).toThrow(/not a province/);
  });
});
