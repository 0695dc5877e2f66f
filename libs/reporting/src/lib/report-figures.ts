import { UNIT_LEVELS, type UnitLevel } from '@dossier-ledger/contracts';
import type { LocalDate } from '@dossier-ledger/calendar';
import { countingRulesId, type CountingRules } from './counting-rules';

import { Counter, COUNTER_COUNT, FIELD_COUNTER_COUNT, isPendingCounter, PENDING_COUNTERS } from './counters';

import { emptyWindowSums, type WindowSums } from './day-series';

import type {
  AverageFigure,
  DossierFigures,
  DossierReport,
  LevelReportRow,
  ReportRow,
  ReportScoringFigures,
  Share,
} from './dossier-report.dto';

import { REPORT_LEVEL_LABELS } from './unit-hierarchy.port';

/**
 * Counter sums of a report before they become DTOs. Both the bucket read and the direct oracle
 * produce this; `buildReport` turns it into the same DossierReport either way.
 */
export interface ReportSums {
  readonly total: WindowSums;
  readonly byLevel: Map<UnitLevel, { total: WindowSums; byField: Map<string, WindowSums> }>;
  readonly byField: Map<string, WindowSums>;
  /** Aligned with the query's childUnitCodes. */
  readonly byChild: WindowSums[];
  readonly procedures: { withDossiers: number; withOnlineDossiers: number };
}

export function emptyReportSums(childCount: number): ReportSums {
  return {
    total: emptyWindowSums(COUNTER_COUNT),
    byLevel: new Map(),
    byField: new Map(),
    byChild: Array.from({ length: childCount }, () => emptyWindowSums(COUNTER_COUNT)),
    procedures: { withDossiers: 0, withOnlineDossiers: 0 },
  };
}

export function addWindowSums(target: WindowSums, source: WindowSums): void {
  for (let i = 0; i < COUNTER_COUNT; i++) {
    target.flow[i] += source.flow[i];
    target.atEnd[i] += source.atEnd[i];
    target.beforeStart[i] += source.beforeStart[i];
  }
}

function sumsAt<K>(map: Map<K, WindowSums>, key: K): WindowSums {
  let sums = map.get(key);
  if (sums === undefined) {
    sums = emptyWindowSums(COUNTER_COUNT);
    map.set(key, sums);
  }
  return sums;
}

/** Adds the sums of dossiers at `level` in `fieldCode` to the level, the field and the level's field rows (not to the total). */
export function addToRows(report: ReportSums, level: UnitLevel, fieldCode: string, sums: WindowSums): void {
  let byLevel = report.byLevel.get(level);
  if (byLevel === undefined) {
    byLevel = { total: emptyWindowSums(COUNTER_COUNT), byField: new Map() };
    report.byLevel.set(level, byLevel);
  }
  addWindowSums(byLevel.total, sums);
  addWindowSums(sumsAt(byLevel.byField, fieldCode), sums);
  addWindowSums(sumsAt(report.byField, fieldCode), sums);
}

function sumPending(values: readonly number[]): number {
  let n = 0;
  for (const c of PENDING_COUNTERS) n += values[c];
  return n;
}

/** True when no report figure of the row is non-zero (pending deltas inside the window are not figures). */
function isEmpty(sums: WindowSums): boolean {
  for (let i = 0; i < FIELD_COUNTER_COUNT; i++) {
    if (isPendingCounter(i) ? sums.atEnd[i] !== 0 || sums.beforeStart[i] !== 0 : sums.flow[i] !== 0) return false;
  }
  return true;
}

const rate = (count: number, of: number): number | null => (of === 0 ? null : count / of);
const share = (count: number, of: number): Share => ({ count, of, rate: rate(count, of) });
export const averageFigure = (sum: number, count: number): AverageFigure => ({ sum, count, average: rate(sum, count) });

export function figuresFromSums(sums: WindowSums, rules: CountingRules): DossierFigures {
  const { flow, atEnd, beforeStart } = sums;
  const online = flow[Counter.ReceivedOnline];
  const direct = flow[Counter.ReceivedDirect];
  const postal = flow[Counter.ReceivedPostal];
  const inPeriod = online + direct + postal;
  const carriedOver = sumPending(beforeStart);
  const fold = rules.foldReturnedIntoOnTime;
  const returned = fold ? 0 : flow[Counter.Returned];
  const withdrawn = fold ? 0 : flow[Counter.Withdrawn];
  const early = flow[Counter.ResolvedEarly];
  const onTime = flow[Counter.ResolvedOnTime] + (fold ? flow[Counter.Returned] + flow[Counter.Withdrawn] : 0);
  const late = flow[Counter.ResolvedLate];
  const resolved = early + onTime + late;
  const processingInTime = atEnd[Counter.ProcessingInTime];
  const overdue = atEnd[Counter.ProcessingOverdue];
  const waitingSupplement = atEnd[Counter.WaitingSupplement];
  const waitingPayment = atEnd[Counter.WaitingPayment];
  const paused = atEnd[Counter.Paused];
  return {
    received: { total: inPeriod + carriedOver, inPeriod: { total: inPeriod, online, direct, postal }, carriedOver },
    resolved: { total: resolved, early, onTime, late },
    returned,
    withdrawn,
    pending: {
      total: processingInTime + overdue + waitingSupplement + waitingPayment + paused,
      inTime: processingInTime + waitingSupplement + waitingPayment + paused,
      overdue,
      byState: { processing: processingInTime + overdue, waitingSupplement, waitingPayment, paused },
    },
    rates: { onTime: rate(early + onTime, resolved), late: rate(late, resolved), online: rate(online, inPeriod) },
  };
}

export function scoringFromSums(sums: WindowSums, procedures: ReportSums['procedures']): ReportScoringFigures {
  const f = sums.flow;
  const received = f[Counter.ReceivedOnline] + f[Counter.ReceivedDirect] + f[Counter.ReceivedPostal];
  const resolved = f[Counter.ResolvedEarly] + f[Counter.ResolvedOnTime] + f[Counter.ResolvedLate];
  const late = f[Counter.LateWithApology] + f[Counter.LateWithoutApology];
  return {
    finished: {
      early: f[Counter.ResolvedEarly],
      onTime: f[Counter.ResolvedOnTime],
      late: f[Counter.ResolvedLate],
      returned: f[Counter.Returned],
      withdrawn: f[Counter.Withdrawn],
    },
    repeatedSupplement: {
      resolvedEarlyOrOnTime: f[Counter.RepeatedSupplementResolved],
      pendingInTime: sums.atEnd[Counter.RepeatedSupplementPendingInTime],
    },
    lateWithApology: share(f[Counter.LateWithApology], late),
    lateWithoutApology: f[Counter.LateWithoutApology],
    feeBearing: f[Counter.FeeBearing],
    paidOnline: share(f[Counter.PaidOnline], f[Counter.FeeBearing]),
    electronicResult: share(f[Counter.ElectronicResult], resolved),
    digitized: share(f[Counter.Digitized], received),
    receivedOnlineFull: share(f[Counter.ReceivedOnlineFull], f[Counter.ReceivedOnline]),
    receivedOnlinePartial: share(f[Counter.ReceivedOnlinePartial], f[Counter.ReceivedOnline]),
    satisfaction: averageFigure(f[Counter.SatisfactionMilliSum] / 1000, f[Counter.SatisfactionCount]),
    resolutionWorkingDays: averageFigure(f[Counter.ResolutionWorkingDaysSum], f[Counter.ResolutionWorkingDaysCount]),
    procedures: { ...procedures },
  };
}

function row(key: string, label: string, sums: WindowSums, rules: CountingRules): ReportRow {
  return { key, label, ...figuresFromSums(sums, rules) };
}

function fieldRows(byField: Map<string, WindowSums>, rules: CountingRules): ReportRow[] {
  return [...byField.keys()]
    .sort()
    .filter((fieldCode) => !isEmpty(byField.get(fieldCode) as WindowSums))
    .map((fieldCode) => row(fieldCode, fieldCode, byField.get(fieldCode) as WindowSums, rules));
}

/** Turns report sums into the DTO. Level and field rows with no figure at all are left out; child rows never. */
export function buildReport(
  header: { era: string; unitCode: string; from: LocalDate; to: LocalDate; childUnitCodes?: readonly string[] },
  sums: ReportSums,
  rules: CountingRules,
): DossierReport {
  const byLevel: LevelReportRow[] = [];
  for (const level of UNIT_LEVELS) {
    const entry = sums.byLevel.get(level);
    if (entry === undefined || isEmpty(entry.total)) continue;
    byLevel.push({
      ...row(level, REPORT_LEVEL_LABELS[level], entry.total, rules),
      key: level,
      fields: fieldRows(entry.byField, rules),
    });
  }
  const children = header.childUnitCodes ?? [];
  return {
    era: header.era,
    unitCode: header.unitCode,
    from: header.from,
    to: header.to,
    countingRules: countingRulesId(rules),
    ...figuresFromSums(sums.total, rules),
    scoring: scoringFromSums(sums.total, sums.procedures),
    rows: {
      byLevel,
      byField: fieldRows(sums.byField, rules),
      byChild: children.map((unitCode, i) => row(unitCode, unitCode, sums.byChild[i], rules)),
    },
  };
}
