// Dossier events for the dashboard's end-to-end suite: every commune of a province, a few dossiers
// each in February 2024 (the three-level hierarchy: province → districts → communes), with every
// outcome the form counts. Deterministic; not part of the service build.
import type { DossierEventV1 } from '@dossier-ledger/contracts';

const FIELDS = ['HT', 'CT', 'DD'] as const;
const CHANNELS = ['online', 'direct', 'postal'] as const;

function at(day: string, offsetDays: number, time: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offsetDays);
  return `${date.toISOString().slice(0, 10)}T${time}+07:00`;
}

/** One dossier: received on `day`, due 10 days later, then `outcome`. */
export function dossier(
  dossierId: string,
  unitCode: string,
  day: string,
  options: {
    channel?: (typeof CHANNELS)[number];
    field?: string;
    outcome: 'early' | 'onTime' | 'late' | 'open' | 'returned';
  },
): DossierEventV1[] {
  const received: DossierEventV1 = {
    eventId: `${dossierId}-r`,
    dossierId,
    type: 'DossierReceived',
    occurredAt: at(day, 0, '08:30:00'),
    unitCode,
    channel: options.channel ?? 'direct',
    procedureCode: '1.001193',
    fieldCode: options.field ?? 'HT',
    dueAt: at(day, 10, '17:00:00'),
  };
  const finish = (type: 'DossierResolved' | 'DossierReturned', days: number): DossierEventV1 => ({
    eventId: `${dossierId}-f`,
    dossierId,
    type,
    occurredAt: at(day, days, '10:00:00'),
    unitCode,
  });
  switch (options.outcome) {
    case 'early':
      return [received, finish('DossierResolved', 3)];
    case 'onTime':
      return [received, finish('DossierResolved', 10)];
    case 'late':
      return [received, finish('DossierResolved', 16)];
    case 'returned':
      return [received, finish('DossierReturned', 5)];
    case 'open':
      return [received];
  }
}

const OUTCOMES = ['early', 'onTime', 'late', 'open', 'early', 'returned'] as const;

/** `perCommune` dossiers for each commune, spread over 01–20/02/2024. */
export function provinceEvents(communes: readonly string[], perCommune: number): DossierEventV1[] {
  return communes.flatMap((code, i) =>
    Array.from({ length: perCommune }, (_, j) =>
      dossier(`E2E-${code}-${j}`, code, `2024-02-${String(1 + ((i + 3 * j) % 20)).padStart(2, '0')}`, {
        channel: CHANNELS[(i + j) % 3],
        field: FIELDS[(i * 7 + j) % 3],
        // Communes differ in how late they are, so the on-time bars differ.
        outcome: OUTCOMES[(j + (i % 4 === 0 ? 2 : 0)) % OUTCOMES.length],
      }),
    ).flat(),
  );
}
