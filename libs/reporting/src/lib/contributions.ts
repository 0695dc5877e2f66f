import type { LocalDate } from '@dossier-ledger/calendar';
import { countingBasisId, DEFAULT_COUNTING_RULES, type CountingRules } from './counting-rules';
import { Counter } from './counters';
import type { DossierFacts, DueSpan, PendingState } from './dossier-facts';

/**
 * One signed addition to one counter of one day bucket. Every figure of every window is a sum of these.
 * `unitCode` + `receivedOn` select the hierarchy chains the value rolls up along (the hierarchy is
 * effective-dated); `procedureCode` feeds the per-procedure series of the counters that have one.
 */
export interface Contribution {
  readonly unitCode: string;
  readonly fieldCode: string;
  readonly procedureCode: string;
  readonly receivedOn: LocalDate;
  /** Calendar day number (days since 1970-01-01, UTC+7). */
  readonly day: number;
  readonly counter: Counter;
  readonly value: number;
}

/** Counters fit in 5 bits: a (day, counter) pair packs into one sortable integer. */
const COUNTER_BITS = 32;

/** Sorted (day, counter) → value accumulator; insertion from the end, as most additions come in day order. */
class SortedEntries {
  readonly keys: number[] = [];
  readonly values: number[] = [];

  add(day: number, counter: Counter, value: number): void {
    if (value === 0) return;
    const key = day * COUNTER_BITS + counter;
    const { keys, values } = this;
    let i = keys.length;
    while (i > 0 && keys[i - 1] > key) i--;
    if (i > 0 && keys[i - 1] === key) {
      values[i - 1] += value;
      return;
    }
    // Shift the tail by one (cheaper than splice for these short lists).
    keys.push(key);
    values.push(value);
    for (let j = keys.length - 1; j > i; j--) {
      keys[j] = keys[j - 1];
      values[j] = values[j - 1];
    }
    keys[i] = key;
    values[i] = value;
  }
}

function pendingCounter(state: PendingState, dueDay: number | null, day: number): Counter {
  switch (state) {
    case 'processing':
      return dueDay !== null && dueDay < day ? Counter.ProcessingOverdue : Counter.ProcessingInTime;
    case 'waitingSupplement':
      return Counter.WaitingSupplement;
    case 'waitingPayment':
      return Counter.WaitingPayment;
    case 'paused':
      return Counter.Paused;
  }
}

/** The appointment day in force on `day` (timeline starts on the receipt day). */
export function dueDayOn(timeline: readonly DueSpan[], day: number): number | null {
  let due: number | null = null;
  for (const span of timeline) {
    if (span.day > day) break;
    due = span.dueDay;
  }
  return due;
}

/**
 * Pending deltas: +1 into the category of the receipt day, −1/+1 on each day the category changes
 * (a state change, a due change, or the day after the due day while processing), −1 on the finish day.
 * A dossier received and finished on the same day is never pending.
 * Alongside, `RepeatedSupplementPendingInTime` is +1 while the dossier is pending in time (any category but
 * overdue) on a day from `repeatFrom` (its second supplement round) on, with the same kind of deltas.
 */
function addPendingDeltas(
  out: SortedEntries,
  facts: Pick<DossierFacts, 'pendingTimeline' | 'dueTimeline' | 'repeatedSupplementDay'>,
  receivedDay: number,
  finishDay: number | null,
): void {
  const { pendingTimeline: states, dueTimeline: dues, repeatedSupplementDay: repeatFrom } = facts;
  const end = finishDay ?? Infinity;
  if (end <= receivedDay) return;
  const days: number[] = [receivedDay];
  for (let i = 1; i < states.length; i++) days.push(states[i].day);
  for (let i = 0; i < dues.length; i++) {
    if (i > 0) days.push(dues[i].day);
    const due = dues[i].dueDay;
    if (due !== null) days.push(due + 1);
  }
  if (repeatFrom !== null) days.push(repeatFrom);
  days.sort((a, b) => a - b);

  let si = 0;
  let di = 0;
  let previous = -1;
  let repeating = false;
  let lastDay = NaN;
  for (const day of days) {
    if (day === lastDay || day < receivedDay) continue;
    if (day >= end) break;
    lastDay = day;
    while (si + 1 < states.length && states[si + 1].day <= day) si++;
    while (di + 1 < dues.length && dues[di + 1].day <= day) di++;
    const current = pendingCounter(states[si].state, dues[di].dueDay, day);
    const nowRepeating = repeatFrom !== null && repeatFrom <= day && current !== Counter.ProcessingOverdue;
    if (nowRepeating !== repeating) {
      out.add(day, Counter.RepeatedSupplementPendingInTime, nowRepeating ? 1 : -1);
      repeating = nowRepeating;
    }
    if (current === previous) continue;
    if (previous >= 0) out.add(day, previous as Counter, -1);
    out.add(day, current, 1);
    previous = current;
  }
  if (finishDay === null) return;
  if (previous >= 0) out.add(finishDay, previous as Counter, -1);
  if (repeating) out.add(finishDay, Counter.RepeatedSupplementPendingInTime, -1);
}

const RECEIVED_BY_CHANNEL = {
  online: Counter.ReceivedOnline,
  direct: Counter.ReceivedDirect,
  postal: Counter.ReceivedPostal,
} as const;

/** Finish-day figures of a resolved dossier: early / on time / late against the due date in force that day. */
function addResolved(out: SortedEntries, facts: DossierFacts, day: number): void {
  const due = dueDayOn(facts.dueTimeline, day);
  if (due !== null && day > due) {
    out.add(day, Counter.ResolvedLate, 1);
    out.add(day, facts.apologyIssued ? Counter.LateWithApology : Counter.LateWithoutApology, 1);
  } else {
    out.add(day, due !== null && day < due ? Counter.ResolvedEarly : Counter.ResolvedOnTime, 1);
    if (facts.repeatedSupplementDay !== null) out.add(day, Counter.RepeatedSupplementResolved, 1);
  }
  if (facts.feeBearing) {
    out.add(day, Counter.FeeBearing, 1);
    if (facts.paidOnline) out.add(day, Counter.PaidOnline, 1);
  }
  if (facts.electronicResult) out.add(day, Counter.ElectronicResult, 1);
  if (facts.resolutionWorkingDays !== null) {
    out.add(day, Counter.ResolutionWorkingDaysSum, facts.resolutionWorkingDays);
    out.add(day, Counter.ResolutionWorkingDaysCount, 1);
  }
}

/**
 * Everything one dossier adds to the day buckets, sorted by (day, counter), one entry per pair.
 * Uncounted dossiers (no receipt, rejected) contribute nothing.
 */
export function dossierContributions(
  facts: DossierFacts,
  rules: CountingRules = DEFAULT_COUNTING_RULES,
): Contribution[] {
  if (!facts.counted) return [];
  if (facts.countingRulesId !== countingBasisId(rules)) {
    throw new Error(
      `facts of ${facts.dossierId} were folded under ${facts.countingRulesId}, not ${countingBasisId(rules)}`,
    );
  }
  const { ownerUnitCode, fieldCode, procedureCode, receivedOn, receivedDay, channel } = facts;
  if (
    ownerUnitCode === null ||
    fieldCode === null ||
    procedureCode === null ||
    receivedOn === null ||
    receivedDay === null ||
    channel === null
  ) {
    throw new Error(`counted facts of ${facts.dossierId} lack receipt data`);
  }
  const out = new SortedEntries();
  out.add(receivedDay, RECEIVED_BY_CHANNEL[channel], 1);
  if (channel === 'online' && facts.serviceLevel !== null) {
    out.add(receivedDay, facts.serviceLevel === 'full' ? Counter.ReceivedOnlineFull : Counter.ReceivedOnlinePartial, 1);
  }
  if (facts.digitized) out.add(receivedDay, Counter.Digitized, 1);

  const finish = facts.finish;
  if (finish !== null) {
    if (finish.kind === 'resolved') addResolved(out, facts, finish.day);
    else out.add(finish.day, finish.kind === 'returned' ? Counter.Returned : Counter.Withdrawn, 1);
  }
  addPendingDeltas(out, facts, receivedDay, finish?.day ?? null);
  for (const rating of facts.ratings) {
    out.add(rating.day, Counter.SatisfactionMilliSum, rating.milli);
    out.add(rating.day, Counter.SatisfactionCount, 1);
  }

  const result: Contribution[] = [];
  for (let i = 0; i < out.keys.length; i++) {
    const value = out.values[i];
    if (value === 0) continue;
    const key = out.keys[i];
    const counter = (((key % COUNTER_BITS) + COUNTER_BITS) % COUNTER_BITS) as Counter;
    const day = (key - counter) / COUNTER_BITS;
    result.push({ unitCode: ownerUnitCode, fieldCode, procedureCode, receivedOn, day, counter, value });
  }
  return result;
}

function sameHeader(a: Contribution, b: Contribution): boolean {
  return (
    a.unitCode === b.unitCode &&
    a.fieldCode === b.fieldCode &&
    a.procedureCode === b.procedureCode &&
    a.receivedOn === b.receivedOn
  );
}

/** True when every item shares the first one's header and items are strictly sorted by (day, counter). */
function isUniformSorted(items: readonly Contribution[], header: Contribution): boolean {
  for (let i = 0; i < items.length; i++) {
    const c = items[i];
    if (!sameHeader(c, header)) return false;
    if (i > 0) {
      const p = items[i - 1];
      if (p.day > c.day || (p.day === c.day && p.counter >= c.counter)) return false;
    }
  }
  return true;
}

function withValue(c: Contribution, value: number): Contribution {
  return {
    unitCode: c.unitCode,
    fieldCode: c.fieldCode,
    procedureCode: c.procedureCode,
    receivedOn: c.receivedOn,
    day: c.day,
    counter: c.counter,
    value,
  };
}

function headerKey(c: Contribution): string {
  return `${c.unitCode}\u0000${c.fieldCode}\u0000${c.procedureCode}\u0000${c.receivedOn}\u0000${c.day}\u0000${c.counter}`;
}

/** Any two lists: sum by full key. */
function diffByKey(previous: readonly Contribution[], next: readonly Contribution[]): Contribution[] {
  const sums = new Map<string, { c: Contribution; value: number }>();
  const add = (c: Contribution, sign: number): void => {
    const key = headerKey(c);
    const slot = sums.get(key);
    if (slot === undefined) sums.set(key, { c, value: sign * c.value });
    else slot.value += sign * c.value;
  };
  for (const c of previous) add(c, -1);
  for (const c of next) add(c, 1);
  const out: Contribution[] = [];
  for (const { c, value } of sums.values()) if (value !== 0) out.push(withValue(c, value));
  return out;
}

/**
 * What to apply when a dossier's contributions change from `previous` to `next` (a new, late or duplicate
 * event, a refold): applying the result to a store that holds `previous` leaves it holding `next`.
 * The common case (same unit, field, procedure and receipt date) is a merge of two sorted lists.
 */
export function diffContributions(previous: readonly Contribution[], next: readonly Contribution[]): Contribution[] {
  if (previous.length === 0) return next.slice();
  if (next.length === 0) return previous.map((c) => withValue(c, -c.value));
  const header = next[0];
  if (!isUniformSorted(previous, header) || !isUniformSorted(next, header)) return diffByKey(previous, next);
  const out: Contribution[] = [];
  let i = 0;
  let j = 0;
  while (i < previous.length || j < next.length) {
    const p = previous[i];
    const n = next[j];
    const order = p === undefined ? 1 : n === undefined ? -1 : p.day - n.day || p.counter - n.counter;
    if (order < 0) {
      out.push(withValue(p, -p.value));
      i++;
    } else if (order > 0) {
      out.push(n);
      j++;
    } else {
      if (n.value !== p.value) out.push(withValue(n, n.value - p.value));
      i++;
      j++;
    }
  }
  return out;
}
