import {
  fromDayNumber,
  nthWorkingDayAfter,
  toDayNumber,
  workingDaysBetween,
  type LocalDate,
} from '@dossier-ledger/calendar';
import type { DossierEventV1, DossierReceivedV1 } from '@dossier-ledger/contracts';
import type { AnomalyCode } from './anomalies';
import { localDayOfInstant } from './instant';
import { orderEvents, type OrderedEvent } from './order-events';
import { countingBasisId, DEFAULT_COUNTING_RULES, type CountingRules } from './counting-rules';
import type { DossierFacts, DueSpan, FinishKind, PendingState, Rating, StateSpan } from './dossier-facts';

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

/** States in which the dossier waits for the applicant: that time does not count against the agency. */
const WAITING: ReadonlySet<PendingState> = new Set<PendingState>(['waitingSupplement', 'waitingPayment', 'paused']);

/** A wait for the applicant in progress: since when, and whether the source sent a new date during it. */
interface OpenWait {
  readonly since: number;
  sourceDated: boolean;
}

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
  wait: OpenWait | null = null;
  /** Supplement rounds requested so far (lượt yêu cầu bổ sung) and the day the second one was requested. */
  supplementRounds = 0;
  repeatedSupplementDay: number | null = null;
  /** Working days spent waiting for the applicant, up to the finish (thời gian không tính vào thời hạn). */
  waitingWorkingDays = 0;
  readonly states: { day: number; value: PendingState }[] = [];
  readonly dues: { day: number; value: number | null }[] = [];

  constructor(readonly anomalies: Set<AnomalyCode>) {}

  receive(event: DossierReceivedV1, day: number): void {
    this.receipt = event;
    this.receiptDay = day;
    this.feeBearing ||= event.feeBearing === true; // an online payment at submission may come first
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

  /** A date the source sent: it wins over any shift by waiting time (for the wait in progress too). */
  changeDue(day: number, iso: string): void {
    const due = this.dayOfDue(iso);
    if (due === null) return;
    setFrom(this.dues, day, due);
    if (this.wait !== null) this.wait.sourceDated = true;
  }

  enter(state: PendingState, day: number): void {
    if (WAITING.has(state)) this.wait ??= { since: day, sourceDated: false };
    else this.endWait(day);
    this.state = state;
    setFrom(this.states, day, state);
  }

  /**
   * Ends the wait in progress on `day` (the supplement arrived, the fee was paid, processing resumed, or
   * the dossier finished). Its working days, (since, day], are the applicant's: they leave the resolution
   * time, and the appointment moves by them unless the source sent a new date (DOMAIN §3, issue 14).
   */
  endWait(day: number): void {
    const wait = this.wait;
    if (wait === null) return;
    this.wait = null;
    const days = workingDaysBetween(fromDayNumber(wait.since), fromDayNumber(day));
    if (days <= 0) return;
    this.waitingWorkingDays += days;
    const due = this.dues[this.dues.length - 1].value;
    if (wait.sourceDated || due === null) return;
    setFrom(this.dues, day, toDayNumber(nthWorkingDayAfter(fromDayNumber(due), days)));
  }

  finish(kind: FinishKind, day: number): void {
    this.endWait(day);
    this.end = { kind, day };
  }

  /**
   * A supplement request (yêu cầu bổ sung). It opens a new round unless the dossier already waits for a
   * supplement (a request re-sent or amended while waiting is the same round).
   */
  requestSupplement(day: number): void {
    if (this.state !== 'waitingSupplement') {
      this.supplementRounds++;
      if (this.supplementRounds === 2) this.repeatedSupplementDay = day;
    }
    this.enter('waitingSupplement', day);
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
        return this.requestSupplement(day);
      case 'SupplementReceived':
        // The source's new date (NgayHenTraMoi) is for this round: it replaces the shift.
        if (event.newDueAt !== undefined) this.changeDue(day, event.newDueAt);
        return this.resume('waitingSupplement', day);
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
        return this.finish('resolved', day);
      case 'ResultReturned':
        this.anomalies.add('resultWithoutResolution');
        this.finish('resolved', day);
        return this.closed(event, day);
      case 'DossierReturned':
        return this.finish('returned', day);
      case 'DossierWithdrawn':
        return this.finish('withdrawn', day);
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

function pickDossierId(ordered: readonly OrderedEvent[]): string {
  for (const { event } of ordered) if (event.type === 'DossierReceived') return event.dossierId;
  return ordered.length > 0 ? ordered[0].event.dossierId : '';
}

/**
 * Folds one dossier's events into its counting facts. Order-independent and duplicate-tolerant by
 * construction: events are deduped by eventId, each source's seq order is applied, and they are sorted
 * by (instant, seq ?? ∞, eventId) before the fold (see orderEvents), so any arrival order and any
 * repetition give the same facts. `sourceOf` names each event's source (default: one source).
 */
export function foldDossier(
  events: readonly DossierEventV1[],
  rules: CountingRules = DEFAULT_COUNTING_RULES,
  sourceOf?: (event: DossierEventV1) => string,
): DossierFacts {
  const anomalies = new Set<AnomalyCode>();
  const ordered = orderEvents(events, anomalies, sourceOf);
  const dossierId = pickDossierId(ordered);
  const fold = new FoldState(anomalies);
  const hasReceipt = ordered.some((o) => o.event.type === 'DossierReceived' && o.event.dossierId === dossierId);

  for (const { event, day } of ordered) {
    if (event.dossierId !== dossierId) {
      anomalies.add('foreignEvent');
      continue;
    }
    if (event.type === 'DossierRejected') {
      rejection(fold, day);
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

/**
 * DossierRejected means refused at intake, never received. After a receipt it cannot undo the days the
 * dossier was received and pending: it counts as returned (trả lại) from its day, and is flagged.
 */
function rejection(fold: FoldState, day: number): void {
  if (fold.receipt === null) {
    fold.rejected = true;
  } else if (fold.end === null) {
    fold.anomalies.add('rejectedAfterReceipt');
    fold.finish('returned', day);
  } else {
    fold.anomalies.add('eventAfterFinal');
  }
}

/** Digitisation may precede the receipt (online submission); anything else is ignored and flagged. */
function beforeReceipt(event: DossierEventV1, fold: FoldState, receiptLater: boolean): void {
  if (event.type === 'DossierDigitized') {
    fold.digitized = true;
    return;
  }
  // Paid online while submitting (the DVCQG mapping dates it NgayNopHoSo): the dossier's payment.
  if (event.type === 'PaymentCompleted' && event.online && receiptLater) {
    fold.feeBearing = true;
    fold.paidOnline = true;
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
    repeatedSupplementDay: fold.repeatedSupplementDay,
    resolutionWorkingDays:
      finish?.kind === 'resolved' && receivedOn !== null && finishOn !== null
        ? workingDaysBetween(receivedOn, finishOn) - fold.waitingWorkingDays
        : null,
    anomalies: [...fold.anomalies].sort(),
  };
}
