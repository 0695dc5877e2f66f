import { localDateOf, toDayNumber } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import {
  Counter,
  dueDayOn,
  type AnomalyCode,
  type Contribution,
  type DossierFacts,
  type FinishKind,
} from '@dossier-ledger/reporting';

/** A span of days a dossier was pending overdue (form column 13): [from, until) and the due day in force at `from`. */
export interface OverdueSpan {
  readonly from: number;
  /** First day no longer overdue (finished, waiting, due moved); null while the dossier stays open and processing. */
  readonly until: number | null;
  readonly dueDay: number | null;
}

export type LateKind = 'withApology' | 'withoutApology';

/**
 * What the reconciliation and cost endpoints need of one dossier: ids, codes, days (calendar day
 * numbers, UTC+7) and flags; never personal data. Only dossiers with an anomaly, a late resolution
 * or an overdue span (past, current or scheduled: an open, processing dossier with an appointment
 * date turns overdue on due day + 1 without any event) have a note.
 */
export interface DossierNote {
  readonly dossierId: string;
  /** The owner unit as the events name it (GSO or agency code); reads use the unit of the note's key. */
  readonly unitCode: string;
  /** False for a dossier the form does not count (no receipt, rejected): it is here for its anomalies. */
  readonly counted: boolean;
  readonly fieldCode: string | null;
  readonly procedureCode: string | null;
  /** Receipt day; without a receipt, the day of the earliest event. */
  readonly receivedDay: number;
  readonly finishKind: FinishKind | null;
  readonly finishDay: number | null;
  /** Appointment day in force on the finish day (finished) or now (open); null: none. */
  readonly dueDay: number | null;
  /** Resolved late (column 10), with or without an apology letter (counters 13 / 14). */
  readonly late: LateKind | null;
  readonly overdue: readonly OverdueSpan[];
  readonly anomalies: readonly AnomalyCode[];
}

/** The note of a dossier, or null when it has nothing to explain. Pure: a function of the facts, contributions and events. */
export function dossierNote(
  facts: DossierFacts,
  contributions: readonly Contribution[],
  events: readonly DossierEventV1[],
): DossierNote | null {
  let late: LateKind | null = null;
  const overdue: OverdueSpan[] = [];
  let level = 0;
  // The overdue spans are read off the pending deltas themselves, so they agree with column 13 exactly.
  for (const c of contributions) {
    if (c.counter === Counter.LateWithApology && c.value > 0) late = 'withApology';
    else if (c.counter === Counter.LateWithoutApology && c.value > 0) late = 'withoutApology';
    else if (c.counter === Counter.ProcessingOverdue) {
      const next = level + c.value;
      if (level <= 0 && next > 0)
        overdue.push({ from: c.day, until: null, dueDay: dueDayOn(facts.dueTimeline, c.day) });
      else if (level > 0 && next <= 0) overdue[overdue.length - 1] = { ...overdue[overdue.length - 1], until: c.day };
      level = next;
    }
  }
  if (late === null && overdue.length === 0 && facts.anomalies.length === 0) return null;
  const where = placeOf(facts, contributions, events);
  if (where === null) return null;
  const finishDay = facts.finish?.day ?? null;
  const lastDue = facts.dueTimeline.length === 0 ? null : facts.dueTimeline[facts.dueTimeline.length - 1].dueDay;
  return {
    dossierId: facts.dossierId,
    unitCode: where.unitCode,
    counted: facts.counted,
    fieldCode: facts.fieldCode,
    procedureCode: facts.procedureCode,
    receivedDay: where.day,
    finishKind: facts.finish?.kind ?? null,
    finishDay,
    dueDay: finishDay === null ? lastDue : dueDayOn(facts.dueTimeline, finishDay),
    late,
    overdue,
    anomalies: facts.anomalies,
  };
}

/** Unit and day that place the dossier in the hierarchy: those of its counters, else its receipt, else its earliest event. */
function placeOf(
  facts: DossierFacts,
  contributions: readonly Contribution[],
  events: readonly DossierEventV1[],
): { unitCode: string; day: number } | null {
  if (contributions.length > 0)
    return { unitCode: contributions[0].unitCode, day: toDayNumber(contributions[0].receivedOn) };
  const unitCode = facts.ownerUnitCode ?? facts.receivingUnitCode;
  if (unitCode !== null && facts.receivedDay !== null) return { unitCode, day: facts.receivedDay };
  let first: { unitCode: string; day: number } | null = null;
  for (const event of events) {
    let day: number;
    try {
      day = toDayNumber(localDateOf(event.occurredAt));
    } catch {
      continue;
    }
    if (first === null || day < first.day || (day === first.day && event.unitCode < first.unitCode))
      first = { unitCode: event.unitCode, day };
  }
  return first;
}

/**
 * The day that picks the note's month chunk: the finish day of a finished dossier, the receipt day
 * of an open one. A late resolution is then always in its finish month (a window reads only its own
 * months); an open dossier stays in its receipt month until it finishes.
 */
export function noteBucketDay(note: DossierNote): number {
  return note.finishDay ?? note.receivedDay;
}

/** True when the dossier is pending overdue at the end of `day` (form column 13 at `to` = day). */
export function isOverdueOn(note: DossierNote, day: number): boolean {
  return note.overdue.some((span) => span.from <= day && (span.until === null || day < span.until));
}

/** The overdue span that holds `day`, if any. */
export function overdueSpanOn(note: DossierNote, day: number): OverdueSpan | undefined {
  return note.overdue.find((span) => span.from <= day && (span.until === null || day < span.until));
}

/** Compact JSON of a note (chunks hold many): [id, unit, counted, field, procedure, received, finishKind, finish, due, late, overdue, anomalies]. */
export type EncodedNote = [
  string,
  string,
  0 | 1,
  string | null,
  string | null,
  number,
  FinishKind | null,
  number | null,
  number | null,
  LateKind | null,
  [number, number | null, number | null][],
  AnomalyCode[],
];

export function encodeNote(n: DossierNote): EncodedNote {
  return [
    n.dossierId,
    n.unitCode,
    n.counted ? 1 : 0,
    n.fieldCode,
    n.procedureCode,
    n.receivedDay,
    n.finishKind,
    n.finishDay,
    n.dueDay,
    n.late,
    n.overdue.map((s) => [s.from, s.until, s.dueDay]),
    [...n.anomalies],
  ];
}

export function decodeNote(e: EncodedNote): DossierNote {
  const [
    dossierId,
    unitCode,
    counted,
    fieldCode,
    procedureCode,
    receivedDay,
    finishKind,
    finishDay,
    dueDay,
    late,
    overdue,
    anomalies,
  ] = e;
  return {
    dossierId,
    unitCode,
    counted: counted === 1,
    fieldCode,
    procedureCode,
    receivedDay,
    finishKind,
    finishDay,
    dueDay,
    late,
    overdue: overdue.map(([from, until, due]) => ({ from, until, dueDay: due })),
    anomalies,
  };
}
