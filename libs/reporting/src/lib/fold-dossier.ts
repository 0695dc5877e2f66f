import { fromDayNumber, workingDaysBetween, type LocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1, DossierReceivedV1 } from '@dossier-ledger/contracts';
import type { AnomalyCode } from './anomalies';
import { localDayOfEpochMs, localDayOfInstant, parseInstant } from './instant';
import { countingBasisId, DEFAULT_COUNTING_RULES, type CountingRules } from './counting-rules';
import type { DossierFacts, DueSpan, FinishKind, PendingState, Rating, StateSpan } from './dossier-facts';

/** An event with its sort keys and local day computed once. */
interface Ordered {
  readonly event: DossierEventV1;
  readonly instant: number;
  readonly seq: number;
  readonly day: number;
}

function byInstantSeqId(a: Ordered, b: Ordered): number {
  if (a.instant !== b.instant) return a.instant - b.instant;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1; // Infinity - Infinity would be NaN
  const x = a.event.eventId;
  const y = b.event.eventId;
  return x < y ? -1 : x > y ? 1 : 0;
}

function canonicalJson(event: object): string {
  return JSON.stringify(event, Object.keys(event).sort());
}

/** Of two versions of one eventId, the one kept whatever the arrival order: the smaller canonical JSON. */
function preferred(seen: DossierEventV1, event: DossierEventV1, anomalies: Set<AnomalyCode>): DossierEventV1 {
  if (seen === event) return seen;
  const a = canonicalJson(seen);
  const b = canonicalJson(event);
  if (a === b) return seen;
  anomalies.add('conflictingDuplicate');
  return b < a ? event : seen;
}

/** Dedupes by eventId; a linear scan for the usual short histories, a map for long ones. */
function dedupe(events: readonly DossierEventV1[], anomalies: Set<AnomalyCode>): DossierEventV1[] {
  if (events.length > 24) {
    const byId = new Map<string, DossierEventV1>();
    for (const event of events) {
      const seen = byId.get(event.eventId);
      byId.set(event.eventId, seen === undefined ? event : preferred(seen, event, anomalies));
    }
    return [...byId.values()];
  }
  const kept: DossierEventV1[] = [];
  next: for (const event of events) {
    for (let k = 0; k < kept.length; k++) {
      if (kept[k].eventId === event.eventId) {
        kept[k] = preferred(kept[k], event, anomalies);
        continue next;
      }
    }
    kept.push(event);
  }
  return kept;
}

/**
 * Dedupes by eventId (a conflicting re-send keeps the version with the smallest canonical JSON, so the
 * choice does not depend on arrival order), drops unreadable instants, sorts by (instant, seq ?? ∞, eventId).
 */
function orderEvents(events: readonly DossierEventV1[], anomalies: Set<AnomalyCode>): Ordered[] {
  const ordered: Ordered[] = [];
  for (const event of dedupe(events, anomalies)) {
    const instant = parseInstant(event.occurredAt);
    if (Number.isNaN(instant)) {
      anomalies.add('invalidTimestamp');
      continue;
    }
    ordered.push({ event, instant, seq: event.seq ?? Infinity, day: localDayOfEpochMs(instant) });
  }
  return ordered.sort(byInstantSeqId);
}

function sameReceipt(a: DossierReceivedV1, b: DossierReceivedV1): boolean {
  return (
    a.channel === b.channel &&
    a.procedureCode === b.procedureCode &&
    a.fieldCode === b.fieldCode &&
    a.unitCode === b.unitCode &&
    (a.receivingUnitCode ?? a.unitCode) === (b.receivingUnitCode ?? b.unitCode) &&
    (a.dueAt === null
      ? b.dueAt === null
      : b.dueAt !== null && localDayOfInstant(a.dueAt) === localDayOfInstant(b.dueAt)) &&
    (a.serviceLevel ?? null) === (b.serviceLevel ?? null) &&
    (a.feeBearing ?? false) === (b.feeBearing ?? false) &&
    localDayOfInstant(a.occurredAt) === localDayOfInstant(b.occurredAt)
  );
}

/** Appends `value` in force from `day` to a canonical step timeline (last write of a day wins, no repeats). */
function setFrom<T>(timeline: { day: number; value: T }[], day: number, value: T): void {
  const last = timeline[timeline.length - 1];
  if (last.day === day) {
    last.value = value;
    const before = timeline[timeline.length - 2];
    if (before !== undefined && before.value === value) timeline.pop();
  } else if (last.value !== value) {
    timeline.push({ day, value });
  }
}

/** Events that are natural after processing ended (they set attributes, never the state). */
const AFTER_FINAL_OK = new Set<DossierEventV1['type']>([
  'ResultReturned',
  'ApologyIssued',
  'SatisfactionRated',
  'DossierDigitized',
  'PaymentCompleted',
]);

/** Mutable accumulator of one fold; turned into frozen-shape DossierFacts at the end. */
class FoldState {
  rejected = false;
  receipt: DossierReceivedV1 | null = null;
  receiptDay = 0;
  /** Processing end (DossierResolved / Returned / Withdrawn, or a ResultReturned standing in for DossierResolved). */
  end: { kind: FinishKind; day: number } | null = null;
  resultReturnedDay: number | null = null;
  resolvingUnitCode: string | null = null;
  feeBearing = false;
  paidOnline = false;
  electronicResult = false;
  digitized = false;
  apologyIssued = false;
  apologyPromisedOn: LocalDate | null = null;
  satisfactionSum = 0;
  ratings: Rating[] = [];
  state: PendingState = 'processing';
  readonly states: { day: number; value: PendingState }[] = [];
  readonly dues: { day: number; value: number | null }[] = [];

  constructor(readonly anomalies: Set<AnomalyCode>) {}

  receive(event: DossierReceivedV1, day: number): void {
    this.receipt = event;
    this.receiptDay = day;
    this.feeBearing = event.feeBearing === true;
    const due = event.dueAt === null ? null : this.dayOfDue(event.dueAt);
    if (due !== null && due < day) this.anomalies.add('dueBeforeReceipt');
    this.dues.push({ day, value: due });
    this.states.push({ day, value: 'processing' });
  }

  /** Day of an appointment instant; an unreadable one counts as no appointment, and is flagged. */
  dayOfDue(iso: string): number | null {
    const day = localDayOfInstant(iso);
    if (!Number.isNaN(day)) return day;
    this.anomalies.add('invalidTimestamp');
    return null;
  }

  changeDue(day: number, iso: string): void {
    const due = this.dayOfDue(iso);
    if (due !== null) setFrom(this.dues, day, due);
  }

  enter(state: PendingState, day: number): void {
    this.state = state;
    setFrom(this.states, day, state);
  }

  resume(from: PendingState, day: number): void {
    if (this.state !== from) this.anomalies.add('unmatchedResume');
    this.enter('processing', day);
  }

  /** Attribute events: the same before and after processing ends. */
  attribute(event: DossierEventV1, day: number): boolean {
    switch (event.type) {
      case 'ApologyIssued':
        this.apologyIssued = true;
        if (event.newDueAt !== undefined) {
          const promised = this.dayOfDue(event.newDueAt);
          if (promised !== null) this.apologyPromisedOn = fromDayNumber(promised);
        }
        return true;
      case 'SatisfactionRated':
        this.satisfactionSum += event.score;
        this.ratings.push({ day, milli: Math.round(event.score * 1000) });
        return true;
      case 'DossierDigitized':
        this.digitized = true;
        return true;
      default:
        return false;
    }
  }

  /** An event after the receipt and before processing ended. */
  open(event: DossierEventV1, day: number): void {
    if (this.attribute(event, day)) return;
    switch (event.type) {
      case 'SupplementRequested':
        return this.enter('waitingSupplement', day);
      case 'SupplementReceived':
        this.resume('waitingSupplement', day);
        if (event.newDueAt !== undefined) this.changeDue(day, event.newDueAt);
        return;
      case 'PaymentRequested':
        this.feeBearing = true;
        return this.enter('waitingPayment', day);
      case 'PaymentCompleted':
        this.feeBearing = true;
        this.paidOnline ||= event.online;
        // Paid without a request (e.g. online at submission) changes no state.
        if (this.state === 'waitingPayment') this.enter('processing', day);
        return;
      case 'ProcessingPaused':
        return this.enter('paused', day);
      case 'ProcessingResumed':
        return this.resume('paused', day);
      case 'DossierTransferred':
        this.resolvingUnitCode = event.toUnitCode;
        return;
      case 'DueDateChanged':
        return this.changeDue(day, event.newDueAt);
      case 'DossierResolved':
        this.electronicResult ||= event.electronicResult === true;
        this.end = { kind: 'resolved', day };
        return;
      case 'ResultReturned':
        this.anomalies.add('resultWithoutResolution');
        this.end = { kind: 'resolved', day };
        return this.closed(event, day);
      case 'DossierReturned':
        this.end = { kind: 'returned', day };
        return;
      case 'DossierWithdrawn':
        this.end = { kind: 'withdrawn', day };
        return;
      default:
        return;
    }
  }

  /** An event after processing ended: attributes only. */
  closed(event: DossierEventV1, day: number): void {
    if (this.attribute(event, day)) return;
    if (!AFTER_FINAL_OK.has(event.type)) {
      this.anomalies.add('eventAfterFinal');
      return;
    }
    if (event.type === 'PaymentCompleted') {
      this.feeBearing = true;
      this.paidOnline ||= event.online;
    } else if (event.type === 'ResultReturned' && this.end?.kind === 'resolved') {
      this.resultReturnedDay ??= day;
      this.electronicResult ||= event.deliveredVia === 'electronic';
    }
  }
}

function pickDossierId(ordered: readonly Ordered[]): string {
  for (const { event } of ordered) if (event.type === 'DossierReceived') return event.dossierId;
  return ordered.length > 0 ? ordered[0].event.dossierId : '';
}

/**
 * Folds one dossier's events into its counting facts. Order-independent and duplicate-tolerant by
 * construction: events are deduped by eventId and sorted by (instant of occurredAt, seq ?? ∞, eventId)
 * before the fold, so any arrival order and any repetition give the same facts.
 */
export function foldDossier(
  events: readonly DossierEventV1[],
  rules: CountingRules = DEFAULT_COUNTING_RULES,
): DossierFacts {
  const anomalies = new Set<AnomalyCode>();
  const ordered = orderEvents(events, anomalies);
  const dossierId = pickDossierId(ordered);
  const fold = new FoldState(anomalies);
  const hasReceipt = ordered.some((o) => o.event.type === 'DossierReceived' && o.event.dossierId === dossierId);

  for (const { event, day } of ordered) {
    if (event.dossierId !== dossierId) {
      anomalies.add('foreignEvent');
      continue;
    }
    if (event.type === 'DossierRejected') {
      fold.rejected = true;
      continue;
    }
    if (event.type === 'DossierReceived') {
      if (fold.receipt === null) fold.receive(event, day);
      else if (!sameReceipt(fold.receipt, event)) anomalies.add('conflictingReceipt');
    } else if (fold.receipt === null) {
      beforeReceipt(event, fold, hasReceipt);
    } else if (fold.end === null) {
      fold.open(event, day);
    } else {
      fold.closed(event, day);
    }
  }
  return toFacts(dossierId, fold, rules);
}

/** Digitisation may precede the receipt (online submission); anything else is ignored and flagged. */
function beforeReceipt(event: DossierEventV1, fold: FoldState, receiptLater: boolean): void {
  if (event.type === 'DossierDigitized') {
    fold.digitized = true;
    return;
  }
  if (receiptLater) fold.anomalies.add('eventBeforeReceipt');
  else if (event.type === 'DossierResolved' || event.type === 'ResultReturned')
    fold.anomalies.add('resolvedWithoutReceipt');
}

function finishOf(fold: FoldState, rules: CountingRules): { kind: FinishKind; day: number } | null {
  const end = fold.end;
  if (end === null) return null;
  if (end.kind !== 'resolved' || rules.finishOn === 'processingFinished') return end;
  return fold.resultReturnedDay === null ? null : { kind: 'resolved', day: fold.resultReturnedDay };
}

function toFacts(dossierId: string, fold: FoldState, rules: CountingRules): DossierFacts {
  const receipt = fold.receipt;
  if (receipt === null && !fold.rejected) fold.anomalies.add('missingReceipt');
  if (receipt !== null && fold.rejected) fold.anomalies.add('rejectedButReceived');
  const receivedOn = receipt === null ? null : fromDayNumber(fold.receiptDay);
  const finish = receipt === null ? null : finishOf(fold, rules);
  const finishOn = finish === null ? null : fromDayNumber(finish.day);
  const receivingUnitCode = receipt === null ? null : (receipt.receivingUnitCode ?? receipt.unitCode);
  const owner = rules.owner === 'resolvingUnit' ? (fold.resolvingUnitCode ?? receivingUnitCode) : receivingUnitCode;
  const dueTimeline: DueSpan[] = fold.dues.map(({ day, value }) => ({ day, dueDay: value }));
  const pendingTimeline: StateSpan[] = fold.states.map(({ day, value }) => ({ day, state: value }));
  return {
    dossierId,
    countingRulesId: countingBasisId(rules),
    counted: receipt !== null && !fold.rejected,
    ownerUnitCode: owner,
    receivingUnitCode,
    resolvingUnitCode: fold.resolvingUnitCode,
    fieldCode: receipt?.fieldCode ?? null,
    procedureCode: receipt?.procedureCode ?? null,
    channel: receipt?.channel ?? null,
    serviceLevel: receipt?.serviceLevel ?? null,
    feeBearing: fold.feeBearing,
    receivedOn,
    receivedDay: receipt === null ? null : fold.receiptDay,
    dueTimeline,
    pendingTimeline,
    finish: finish === null || finishOn === null ? null : { kind: finish.kind, on: finishOn, day: finish.day },
    rejected: fold.rejected,
    apologyIssued: fold.apologyIssued,
    apologyPromisedOn: fold.apologyPromisedOn,
    paidOnline: fold.paidOnline,
    electronicResult: fold.electronicResult,
    digitized: fold.digitized,
    satisfaction: { sum: fold.satisfactionSum, count: fold.ratings.length },
    ratings: fold.ratings,
    resolutionWorkingDays:
      finish?.kind === 'resolved' && receivedOn !== null && finishOn !== null
        ? workingDaysBetween(receivedOn, finishOn)
        : null,
    anomalies: [...fold.anomalies].sort(),
  };
}
