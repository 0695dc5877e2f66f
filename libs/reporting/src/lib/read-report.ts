import { toDayNumber } from '@dossier-ledger/calendar';
import { countingBasisId, DEFAULT_COUNTING_RULES, type CountingRules } from './counting-rules';
import type { CounterStore, UnitCounters } from './counter-store';
import {
  COUNTER_COUNT,
  PENDING_COUNTERS,
  PREFIX_COUNTERS,
  PROCEDURE_COUNTER_COUNT,
  ProcedureCounter,
} from './counters';
import { DaySeries, emptyWindowSums, type WindowSums } from './day-series';
import type {
  DossierFigures,
  DossierReport,
  ProcedureFigures,
  ReportQuery,
  ReportScoringFigures,
} from './dossier-report.dto';
import {
  addToRows,
  averageFigure,
  buildReport,
  emptyReportSums,
  figuresFromSums,
  scoringFromSums,
  type ReportSums,
} from './report-figures';

const NO_PREFIX: readonly number[] = [];

function windowDays(query: Pick<ReportQuery, 'from' | 'to'>): [number, number] {
  const from = toDayNumber(query.from);
  const to = toDayNumber(query.to);
  if (from > to) throw new RangeError(`empty window: ${query.from} > ${query.to}`);
  return [from, to];
}

function assertBasis(store: CounterStore, rules: CountingRules): void {
  if (store.basisId !== countingBasisId(rules)) {
    throw new Error(
      `the store holds counters under ${store.basisId}; rules ${countingBasisId(rules)} need another store`,
    );
  }
}

/** Sums of a field series, in accumulators of the full counter width. */
function sumSeries(series: DaySeries, from: number, to: number): WindowSums {
  const sums = emptyWindowSums(COUNTER_COUNT);
  series.sumInto(from, to, PENDING_COUNTERS, sums);
  return sums;
}

/** A unit's total over every level and field (one series, kept at write time), scoring counters included. */
function sumUnit(unit: UnitCounters | undefined, from: number, to: number, out: WindowSums): void {
  unit?.total.sumInto(from, to, PREFIX_COUNTERS, out);
}

/** Calls `visit` with each procedure's window sums (a scratch array, valid during the call only). */
function forEachProcedure(
  unit: UnitCounters,
  from: number,
  to: number,
  visit: (procedureCode: string, flow: readonly number[]) => void,
): void {
  const scratch = emptyWindowSums(PROCEDURE_COUNTER_COUNT);
  for (const [procedureCode, series] of unit.procedures()) {
    scratch.flow.fill(0);
    series.sumInto(from, to, NO_PREFIX, scratch);
    visit(procedureCode, scratch.flow);
  }
}

/** Distinct procedures with dossiers / with online dossiers received in the window. */
function countProcedures(unit: UnitCounters, from: number, to: number, out: ReportSums['procedures']): void {
  forEachProcedure(unit, from, to, (_, flow) => {
    if (flow[ProcedureCounter.Received] > 0) out.withDossiers++;
    if (flow[ProcedureCounter.ReceivedOnline] > 0) out.withOnlineDossiers++;
  });
}

/**
 * Reads the report of one unit for [from, to] from the day buckets: flow figures are sums over the window,
 * pending figures are sums of deltas over all days ≤ to (and ≤ from − 1 for the carried-over figure).
 */
export function readDossierReport(
  store: CounterStore,
  query: ReportQuery,
  rules: CountingRules = DEFAULT_COUNTING_RULES,
): DossierReport {
  assertBasis(store, rules);
  const [from, to] = windowDays(query);
  const children = query.childUnitCodes ?? [];
  const sums: ReportSums = emptyReportSums(children.length);
  const unit = store.unit(query.era, query.unitCode);
  if (unit !== undefined) {
    sumUnit(unit, from, to, sums.total);
    for (const level of unit.levels()) {
      for (const [fieldCode, series] of unit.fields(level) as ReadonlyMap<string, DaySeries>) {
        addToRows(sums, level, fieldCode, sumSeries(series, from, to));
      }
    }
    countProcedures(unit, from, to, sums.procedures);
  }
  children.forEach((childCode, i) => sumUnit(store.unit(query.era, childCode), from, to, sums.byChild[i]));
  return buildReport(query, sums, rules);
}

/** Per-procedure figures of one unit for [from, to]: procedures with any figure, sorted by code. */
export function readProcedureFigures(
  store: CounterStore,
  query: Omit<ReportQuery, 'childUnitCodes'>,
  rules: CountingRules = DEFAULT_COUNTING_RULES,
): ProcedureFigures[] {
  assertBasis(store, rules);
  const [from, to] = windowDays(query);
  const unit = store.unit(query.era, query.unitCode);
  if (unit === undefined) return [];
  const out: ProcedureFigures[] = [];
  forEachProcedure(unit, from, to, (procedureCode, flow) => {
    if (flow.every((v) => v === 0)) return;
    out.push({
      procedureCode,
      received: flow[ProcedureCounter.Received],
      receivedOnline: flow[ProcedureCounter.ReceivedOnline],
      resolutionWorkingDays: averageFigure(
        flow[ProcedureCounter.ResolutionWorkingDaysSum],
        flow[ProcedureCounter.ResolutionWorkingDaysCount],
      ),
    });
  });
  return out.sort((a, b) => (a.procedureCode < b.procedureCode ? -1 : a.procedureCode > b.procedureCode ? 1 : 0));
}

/** The total figures of one unit for a window, without rows or scoring (e.g. to rank many units). */
export function readUnitFigures(
  store: CounterStore,
  query: Omit<ReportQuery, 'childUnitCodes'>,
  rules: CountingRules = DEFAULT_COUNTING_RULES,
): DossierFigures {
  assertBasis(store, rules);
  const [from, to] = windowDays(query);
  const sums = emptyWindowSums(COUNTER_COUNT);
  sumUnit(store.unit(query.era, query.unitCode), from, to, sums);
  return figuresFromSums(sums, rules);
}

/**
 * The scoring inputs of one unit for a window: the `scoring` of its report, without the form's rows
 * (e.g. for every child row of a `by=child` report, so a scoring service ranks all children in one call).
 */
export function readUnitScoring(
  store: CounterStore,
  query: Omit<ReportQuery, 'childUnitCodes'>,
  rules: CountingRules = DEFAULT_COUNTING_RULES,
): ReportScoringFigures {
  assertBasis(store, rules);
  const [from, to] = windowDays(query);
  const sums = emptyWindowSums(COUNTER_COUNT);
  const procedures = { withDossiers: 0, withOnlineDossiers: 0 };
  const unit = store.unit(query.era, query.unitCode);
  if (unit !== undefined) {
    sumUnit(unit, from, to, sums);
    countProcedures(unit, from, to, procedures);
  }
  return scoringFromSums(sums, procedures);
}
