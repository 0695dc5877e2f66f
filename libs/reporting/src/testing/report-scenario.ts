import { fromDayNumber, toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import type { Channel, DossierEventV1 } from '@dossier-ledger/contracts';
import { DossierStory } from './dossier-story';

/** How a dossier enters a report window: carried over from before it, or new through a channel. */
export type Arrival = 'carried' | Channel;

/** Where it stands at the end of the window. */
export type Outcome =
  'early' | 'onTime' | 'late' | 'returned' | 'withdrawn' | 'processing' | 'overdue' | 'waitingSupplement';

export interface Cohort {
  readonly idPrefix: string;
  /** Dossiers are spread over these units round-robin. */
  readonly units: readonly string[];
  /** Counts by arrival, in this order. */
  readonly arrivals: readonly (readonly [Arrival, number])[];
  /** Counts by outcome, in this order; zipped with the arrivals, so both must add up to the same total. */
  readonly outcomes: readonly (readonly [Outcome, number])[];
}

const expand = <T>(counts: readonly (readonly [T, number])[]): T[] =>
  counts.flatMap(([value, n]) => new Array<T>(n).fill(value));
const date = (day: number): string => fromDayNumber(day);

/**
 * Event streams of dossiers that, read over [from, to], give exactly the cohort's figures; plus noise that
 * must not show in the window (finished before it, received after it, refused at intake, never received).
 */
export function cohortEvents(cohort: Cohort, window: { from: LocalDate; to: LocalDate }): DossierEventV1[][] {
  const from = toDayNumber(window.from);
  const to = toDayNumber(window.to);
  const arrivals = expand(cohort.arrivals);
  const outcomes = expand(cohort.outcomes);
  if (arrivals.length !== outcomes.length)
    throw new Error(`${cohort.idPrefix}: ${arrivals.length} arrivals for ${outcomes.length} outcomes`);
  const length = to - from; // new receipts fall on [from, to − 1], so a late finish fits after them

  const dossiers = arrivals.map((arrival, i) => {
    const unit = cohort.units[i % cohort.units.length];
    const received = arrival === 'carried' ? from - 1 - (i % 45) : from + (i % length);
    const finish = Math.min(to, Math.max(received + 1, from) + (i % 4));
    const outcome = outcomes[i];
    const due: Record<Outcome, number> = {
      early: finish + 1 + (i % 3),
      onTime: finish,
      late: finish - 1,
      returned: finish + 3,
      withdrawn: finish + 3,
      processing: to + 1 + (i % 5),
      overdue: to - 1,
      waitingSupplement: received + 2,
    };
    const story = DossierStory.receive(`${cohort.idPrefix}-${i}`, {
      unit,
      on: date(received),
      due: date(Math.max(received, due[outcome])),
      channel: arrival === 'carried' ? (['online', 'direct', 'postal'] as const)[i % 3] : arrival,
      field: `F${i % 4}`,
      procedure: `P${i % 7}`,
    });
    switch (outcome) {
      case 'early':
      case 'onTime':
      case 'late':
        return story.resolved(date(finish)).events;
      case 'returned':
        return story.returned(date(finish)).events;
      case 'withdrawn':
        return story.withdrawn(date(finish)).events;
      case 'waitingSupplement':
        return story.supplementRequested(date(received)).events;
      default:
        return story.events;
    }
  });

  const unit = cohort.units[0];
  const noise = [
    DossierStory.receive(`${cohort.idPrefix}-before`, { unit, on: date(from - 40), due: date(from - 30) }).resolved(
      date(from - 1),
    ).events,
    DossierStory.receive(`${cohort.idPrefix}-after`, { unit, on: date(to + 1) }).events,
    DossierStory.unreceived(`${cohort.idPrefix}-refused`, unit).rejected(date(from + 1)).events,
    DossierStory.unreceived(`${cohort.idPrefix}-orphan`, unit).resolved(date(from + 1)).events,
  ];
  return [...dossiers, ...noise];
}
