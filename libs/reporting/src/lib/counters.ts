/**
 * The fixed counter layout of a day bucket. Every figure of every report is a sum of these over days,
 * so a bucket is one Float64Array row (integers only: exact, and addition is commutative).
 */
export const Counter = {
  // Flow counters: summed over the days of the window.
  ReceivedOnline: 0, // tiếp nhận trực tuyến (receipt day)
  ReceivedDirect: 1, // trực tiếp (receipt day)
  ReceivedPostal: 2, // qua bưu chính công ích (receipt day)
  ResolvedEarly: 3, // trước hạn (finish day)
  ResolvedOnTime: 4, // đúng hạn (finish day)
  ResolvedLate: 5, // quá hạn (finish day)
  Returned: 6, // trả lại (finish day)
  Withdrawn: 7, // rút hồ sơ (finish day)
  // Pending deltas: +1/−1 at the days a dossier's pending category changes; summed over all days ≤ d.
  ProcessingInTime: 8, // đang xử lý trong hạn
  ProcessingOverdue: 9, // đang xử lý quá hạn
  WaitingSupplement: 10, // chờ bổ sung
  WaitingPayment: 11, // chờ nộp phí
  Paused: 12, // tạm dừng
  // Scoring figures (Decision 766, PAR index), flow counters too.
  LateWithApology: 13, // finish day
  LateWithoutApology: 14, // finish day
  FeeBearing: 15, // finish day, resolved dossiers
  PaidOnline: 16, // finish day, resolved fee-bearing dossiers paid online
  ElectronicResult: 17, // finish day, resolved dossiers
  Digitized: 18, // receipt day
  SatisfactionMilliSum: 19, // rating day, score × 1000 (integers keep sums exact)
  SatisfactionCount: 20, // rating day
  ResolutionWorkingDaysSum: 21, // finish day, resolved dossiers
  ResolutionWorkingDaysCount: 22, // finish day, resolved dossiers
  ReceivedOnlineFull: 23, // receipt day, online full-process (toàn trình)
  ReceivedOnlinePartial: 24, // receipt day, online partial-process (một phần)
  // More than one supplement request (yêu cầu bổ sung nhiều lần): 766 progress judges these dossiers late.
  RepeatedSupplementResolved: 25, // finish day, resolved early / on time after 2+ supplement rounds
  RepeatedSupplementPendingInTime: 26, // ±1 deltas, like 8–12: pending in time on a day ≥ the 2nd round's request
} as const;

export type Counter = (typeof Counter)[keyof typeof Counter];

export const COUNTER_COUNT = 27;

/**
 * Counters 0–12 (received … paused) are the report counters: kept per (level, field) for the form's rows.
 * Counters 13–26 are scoring inputs: kept per unit only (scores are per unit, never per field).
 */
export const FIELD_COUNTER_COUNT = 13;

/** Names by index, for debugging, documentation and serialisation checks. */
export const COUNTER_NAMES: readonly string[] = (() => {
  const names: string[] = new Array<string>(COUNTER_COUNT);
  for (const [name, index] of Object.entries(Counter)) names[index] = name;
  return Object.freeze(names);
})();

/** The pending categories, in a fixed order; exactly one holds on each pending day. */
export const PENDING_COUNTERS: readonly Counter[] = Object.freeze([
  Counter.ProcessingInTime,
  Counter.ProcessingOverdue,
  Counter.WaitingSupplement,
  Counter.WaitingPayment,
  Counter.Paused,
]);

export function isPendingCounter(counter: number): boolean {
  return counter >= Counter.ProcessingInTime && counter <= Counter.Paused;
}

/**
 * Counters kept as ±1 deltas (a state on each day), read as sums over all days ≤ d rather than over the
 * window: the pending categories and the pending-in-time dossiers with repeated supplement rounds.
 */
export const PREFIX_COUNTERS: readonly Counter[] = Object.freeze([
  ...PENDING_COUNTERS,
  Counter.RepeatedSupplementPendingInTime,
]);

/**
 * Per-procedure figures scoring needs (received / received online per procedure, average resolution
 * time per procedure). They are not separate contributions: the store routes these counters of a
 * contribution to a second, per-procedure series as well.
 */
export const ProcedureCounter = {
  Received: 0,
  ReceivedOnline: 1,
  ResolutionWorkingDaysSum: 2,
  ResolutionWorkingDaysCount: 3,
} as const;

export type ProcedureCounter = (typeof ProcedureCounter)[keyof typeof ProcedureCounter];

export const PROCEDURE_COUNTER_COUNT = 4;

/** For each counter, the procedure counters it also feeds (empty for most). */
export const PROCEDURE_ROUTES: readonly (readonly ProcedureCounter[])[] = (() => {
  const routes: ProcedureCounter[][] = Array.from({ length: COUNTER_COUNT }, () => []);
  routes[Counter.ReceivedOnline] = [ProcedureCounter.Received, ProcedureCounter.ReceivedOnline];
  routes[Counter.ReceivedDirect] = [ProcedureCounter.Received];
  routes[Counter.ReceivedPostal] = [ProcedureCounter.Received];
  routes[Counter.ResolutionWorkingDaysSum] = [ProcedureCounter.ResolutionWorkingDaysSum];
  routes[Counter.ResolutionWorkingDaysCount] = [ProcedureCounter.ResolutionWorkingDaysCount];
  return routes;
})();

/** Version of this layout; serialised stores carry it and refuse another. */
export const COUNTER_LAYOUT_VERSION = 1;
