import { toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import { countingBasisId, DEFAULT_COUNTING_RULES, type CountingRules } from './counting-rules';
import { Counter, COUNTER_COUNT } from './counters';
import { emptyWindowSums, type WindowSums } from './day-series';
import type { DossierFacts } from './dossier-facts';
import type { DossierReport } from './dossier-report.dto';
import { addToRows, addWindowSums, buildReport, emptyReportSums } from './report-figures';
import type { UnitHierarchy } from './unit-hierarchy.port';

export interface ReportWindow {
  readonly era: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly childUnitCodes?: readonly string[];
}

/** The last value of a day-stepped timeline in force on `day` (undefined before its first step). */
function valueOn<T>(timeline: readonly { day: number }[], day: number, pick: (i: number) => T): T | undefined {
  let found: T | undefined;
  timeline.forEach((step, i) => {
    if (step.day <= day) found = pick(i);
  });
  return found;
}

/** The pending category of a dossier at the end of `day`, or null when it is not pending that day. */
function pendingCategoryOn(facts: DossierFacts, receivedDay: number, day: number): Counter | null {
  if (day < receivedDay || (facts.finish !== null && facts.finish.day <= day)) return null;
  const state = valueOn(facts.pendingTimeline, day, (i) => facts.pendingTimeline[i].state);
  const due = valueOn(facts.dueTimeline, day, (i) => facts.dueTimeline[i].dueDay) ?? null;
  if (state === 'waitingSupplement') return Counter.WaitingSupplement;
  if (state === 'waitingPayment') return Counter.WaitingPayment;
  if (state === 'paused') return Counter.Paused;
  return due !== null && due < day ? Counter.ProcessingOverdue : Counter.ProcessingInTime;
}

/** Counts the dossier's pending state at the end of `day`: its category, and whether it is in time after 2+ supplement rounds. */
function addPendingOn(facts: DossierFacts, receivedDay: number, day: number, target: number[]): void {
  const category = pendingCategoryOn(facts, receivedDay, day);
  if (category === null) return;
  target[category] += 1;
  const repeated = facts.repeatedSupplementDay !== null && facts.repeatedSupplementDay <= day;
  if (repeated && category !== Counter.ProcessingOverdue) target[Counter.RepeatedSupplementPendingInTime] += 1;
}

/** Classifies one counted dossier against [from, to], straight from its facts. */
function classify(facts: DossierFacts, from: number, to: number): WindowSums {
  const sums = emptyWindowSums(COUNTER_COUNT);
  const receivedDay = facts.receivedDay as number;
  const inWindow = (day: number): boolean => day >= from && day <= to;
  const count = (counter: Counter, value = 1): void => {
    sums.flow[counter] += value;
  };

  if (inWindow(receivedDay)) {
    count(
      facts.channel === 'online'
        ? Counter.ReceivedOnline
        : facts.channel === 'direct'
          ? Counter.ReceivedDirect
          : Counter.ReceivedPostal,
    );
    if (facts.channel === 'online' && facts.serviceLevel === 'full') count(Counter.ReceivedOnlineFull);
    if (facts.channel === 'online' && facts.serviceLevel === 'partial') count(Counter.ReceivedOnlinePartial);
    if (facts.digitized) count(Counter.Digitized);
  }
  const finish = facts.finish;
  if (finish !== null && inWindow(finish.day)) {
    if (finish.kind === 'returned') count(Counter.Returned);
    if (finish.kind === 'withdrawn') count(Counter.Withdrawn);
    if (finish.kind === 'resolved') {
      const due = valueOn(facts.dueTimeline, finish.day, (i) => facts.dueTimeline[i].dueDay) ?? null;
      const late = due !== null && finish.day > due;
      if (late) {
        count(Counter.ResolvedLate);
        count(facts.apologyIssued ? Counter.LateWithApology : Counter.LateWithoutApology);
      } else {
        count(due !== null && finish.day < due ? Counter.ResolvedEarly : Counter.ResolvedOnTime);
        if (facts.repeatedSupplementDay !== null) count(Counter.RepeatedSupplementResolved);
      }
      if (facts.feeBearing) count(Counter.FeeBearing);
      if (facts.feeBearing && facts.paidOnline) count(Counter.PaidOnline);
      if (facts.electronicResult) count(Counter.ElectronicResult);
      if (facts.resolutionWorkingDays !== null) {
        count(Counter.ResolutionWorkingDaysSum, facts.resolutionWorkingDays);
        count(Counter.ResolutionWorkingDaysCount);
      }
    }
  }
  for (const rating of facts.ratings) {
    if (!inWindow(rating.day)) continue;
    count(Counter.SatisfactionMilliSum, rating.milli);
    count(Counter.SatisfactionCount);
  }
  addPendingOn(facts, receivedDay, to, sums.atEnd);
  addPendingOn(facts, receivedDay, from - 1, sums.beforeStart);
  return sums;
}

/**
 * Reference oracle: the report computed straight from DossierFacts by classifying each dossier against
 * the window, with no buckets and no deltas. Property tests check the bucket path against it.
 */
export function computeReportDirect(
  factsList: Iterable<DossierFacts>,
  hierarchy: UnitHierarchy,
  window: ReportWindow,
  unitCode: string,
  rules: CountingRules = DEFAULT_COUNTING_RULES,
): DossierReport {
  const from = toDayNumber(window.from);
  const to = toDayNumber(window.to);
  const children = window.childUnitCodes ?? [];
  const sums = emptyReportSums(children.length);
  const procedures = new Set<string>();
  const onlineProcedures = new Set<string>();
  for (const facts of factsList) {
    if (!facts.counted) continue;
    if (facts.countingRulesId !== countingBasisId(rules))
      throw new Error(`facts of ${facts.dossierId} were folded under other rules`);
    const chains = hierarchy
      .reportChains(facts.ownerUnitCode as string, facts.receivedOn as LocalDate)
      .filter((chain) => chain.era === window.era);
    for (const chain of chains) {
      const childIndexes = children.flatMap((child, i) => (chain.path.includes(child) ? [i] : []));
      if (!chain.path.includes(unitCode) && childIndexes.length === 0) continue;
      const dossier = classify(facts, from, to);
      for (const i of childIndexes) addWindowSums(sums.byChild[i], dossier);
      if (!chain.path.includes(unitCode)) continue;
      addWindowSums(sums.total, dossier);
      addToRows(sums, chain.level, facts.fieldCode as string, dossier);
      const receivedInWindow = (facts.receivedDay as number) >= from && (facts.receivedDay as number) <= to;
      if (receivedInWindow) procedures.add(facts.procedureCode as string);
      if (receivedInWindow && facts.channel === 'online') onlineProcedures.add(facts.procedureCode as string);
    }
  }
  sums.procedures.withDossiers = procedures.size;
  sums.procedures.withOnlineDossiers = onlineProcedures.size;
  return buildReport({ ...window, unitCode }, sums, rules);
}
