import { fromDayNumber, toDayNumber, toIsoWithVnOffset, type LocalDate } from '@dossier-ledger/calendar';
import type { Channel, DossierEventV1 } from '@dossier-ledger/contracts';
import type { UnitRegistry } from '@dossier-ledger/units';

/** Small deterministic PRNG (mulberry32): the same seed gives the same stream everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RealisticStreamOptions {
  registry: Pick<UnitRegistry, 'children' | 'require'>;
  seed: number;
  dossiers: number;
  /** Province whose units receive the dossiers (in the hierarchy of `firstDay`). */
  province: string;
  firstDay: string;
  /** Receipts are spread over this many days from `firstDay`. */
  days: number;
  /** Prefix of dossier ids (unique per test). */
  idPrefix?: string;
}

/**
 * A plausible stream: mostly commune dossiers, ~6 events each (receipt, digitisation, one or two supplement
 * rounds, payment rounds, pauses, resolution early / on time / late with apologies, result handed
 * back, ratings; some returned, withdrawn, transferred or still pending). Events of a dossier come
 * in occurrence order.
 */
export function realisticDossiers(options: RealisticStreamOptions): DossierEventV1[][] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const { registry } = options;
  const districts = registry.children(options.province, options.firstDay);
  const communes = districts.flatMap((d) => registry.children(d.code, options.firstDay));
  const fields = Array.from({ length: 12 }, (_, i) => `LV${String(i + 1).padStart(2, '0')}`);
  const first = toDayNumber(options.firstDay as LocalDate);
  const out: DossierEventV1[][] = [];
  for (let i = 0; i < options.dossiers; i++) {
    const dossierId = `${options.idPrefix ?? 'HS'}-${options.seed}-${i}`;
    const roll = random();
    const unit = roll < 0.72 ? pick(communes).code : roll < 0.95 ? pick(districts).code : options.province;
    const field = pick(fields);
    const procedure = `${field}.${1 + Math.floor(random() * 6)}`;
    const channel: Channel = chance(0.42) ? 'online' : chance(0.93) ? 'direct' : 'postal';
    const receivedDay = first + Math.floor(random() * options.days);
    const dueDay = chance(0.08) ? null : receivedDay + 2 + Math.floor(random() * 14);
    const events: DossierEventV1[] = [];
    let minute = 8 * 60 + Math.floor(random() * 480);
    let currentUnit = unit;
    const at = (day: number) => toIsoWithVnOffset(fromDayNumber(day), Math.min(minute++, 1439));
    const push = (type: DossierEventV1['type'], day: number, extra: Record<string, unknown> = {}) =>
      events.push({
        eventId: `${dossierId}:${events.length}`,
        dossierId,
        type,
        occurredAt: at(day),
        unitCode: currentUnit,
        seq: events.length,
        ...extra,
      } as DossierEventV1);
    push('DossierReceived', receivedDay, {
      channel,
      procedureCode: procedure,
      fieldCode: field,
      dueAt: dueDay === null ? null : `${fromDayNumber(dueDay)}T17:00:00+07:00`,
      ...(channel === 'online' ? { serviceLevel: chance(0.6) ? 'full' : 'partial' } : {}),
      feeBearing: chance(0.35),
    });
    let day = receivedDay;
    if (chance(0.7)) push('DossierDigitized', day);
    // One supplement round, sometimes two (more than one request: judged late by 766 progress).
    for (let round = 1; round <= 2 && chance(round === 1 ? 0.45 : 0.3); round++) {
      day += 1 + Math.floor(random() * 3);
      push('SupplementRequested', day);
      day += 1 + Math.floor(random() * 5);
      push(
        'SupplementReceived',
        day,
        dueDay === null ? {} : { newDueAt: `${fromDayNumber(dueDay + 3 * round)}T17:00:00+07:00` },
      );
    }
    if (chance(0.4)) {
      day += Math.floor(random() * 2);
      push('PaymentRequested', day);
      day += Math.floor(random() * 3);
      push('PaymentCompleted', day, { online: chance(0.5) });
    }
    if (chance(0.08)) {
      day += 1;
      push('ProcessingPaused', day);
      day += 1 + Math.floor(random() * 4);
      push('ProcessingResumed', day);
    }
    if (dueDay !== null && chance(0.1))
      push('DueDateChanged', day + 1, { newDueAt: `${fromDayNumber(dueDay + 5)}T17:00:00+07:00`, cause: 'extension' });
    if (chance(0.04) && communes.length > 0) {
      day += 1;
      const to = pick(communes).code;
      push('DossierTransferred', day, { toUnitCode: to });
      currentUnit = to;
    }
    const end = random();
    if (end < 0.8) {
      const due = dueDay ?? receivedDay + 7;
      const finish = Math.max(day, due + Math.floor(random() * 9) - 6);
      if (finish > due && chance(0.5))
        push('ApologyIssued', finish - 1, { newDueAt: `${fromDayNumber(finish + 1)}T17:00:00+07:00` });
      push('DossierResolved', finish, { electronicResult: chance(0.5) });
      if (chance(0.9))
        push('ResultReturned', finish + Math.floor(random() * 3), {
          deliveredVia: chance(0.3) ? 'electronic' : 'desk',
        });
      if (chance(0.6)) push('SatisfactionRated', finish + 3, { score: 3 + Math.floor(random() * 3) });
    } else if (end < 0.85) {
      push('DossierReturned', day + 2);
    } else if (end < 0.89) {
      push('DossierWithdrawn', day + 1);
    }
    out.push(events);
  }
  return out;
}

/** All events ordered by occurrence (the order a live feed would send them in), stable for ties. */
export function interleaveByTime(dossiers: readonly (readonly DossierEventV1[])[]): DossierEventV1[] {
  return dossiers
    .flat()
    .map((event, i) => ({ event, i, t: Date.parse(event.occurredAt) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map(({ event }) => event);
}
