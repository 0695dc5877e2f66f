import type { FigurePath, ScoringFigures } from '../lib/figures';

type DeepPartial<T> = { -readonly [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * The commune example report of docs/domain.md §9 (6 months 2023): 412 received = 404 new (381 online, 23 direct or
 * postal) + 8 carried over; 403 resolved (381 early, 17 on time, 5 late); 4 pending in time. The scoring
 * counters the report does not give are plausible values.
 */
export function communeSeedFigures(): ScoringFigures {
  return {
    received: { total: 412, inPeriod: { total: 404, online: 381, direct: 23, postal: 0 }, carriedOver: 8 },
    resolved: { total: 403, early: 381, onTime: 17, late: 5 },
    returned: 0,
    withdrawn: 5,
    pending: { total: 4, inTime: 4, overdue: 0 },
    lateWithApology: 3,
    lateWithoutApology: 2,
    repeatedSupplement: { resolvedEarlyOrOnTime: 0, pendingInTime: 0 },
    feeBearing: 120,
    paidOnline: 40,
    electronicResult: 300,
    digitized: 330,
    digitizedReused: 200,
    satisfactionSum: 1800,
    satisfactionCount: 400,
    resolutionWorkingDaysSum: 1612,
    resolutionWorkingDaysCount: 403,
    receivedOnlineFull: 250,
    receivedOnlinePartial: 131,
    syncedToNationalPortal: 404,
    procedures: { total: 250, onlineCapable: 210, withOnlineDossiers: 90, withOnlinePayment: 140 },
  };
}

/** All zero, optional figures present. */
export function zeroFigures(): ScoringFigures {
  return {
    received: { total: 0, inPeriod: { total: 0, online: 0, direct: 0, postal: 0 }, carriedOver: 0 },
    resolved: { total: 0, early: 0, onTime: 0, late: 0 },
    returned: 0,
    withdrawn: 0,
    pending: { total: 0, inTime: 0, overdue: 0 },
    lateWithApology: 0,
    lateWithoutApology: 0,
    repeatedSupplement: { resolvedEarlyOrOnTime: 0, pendingInTime: 0 },
    feeBearing: 0,
    paidOnline: 0,
    electronicResult: 0,
    digitized: 0,
    digitizedReused: 0,
    satisfactionSum: 0,
    satisfactionCount: 0,
    resolutionWorkingDaysSum: 0,
    resolutionWorkingDaysCount: 0,
    receivedOnlineFull: 0,
    receivedOnlinePartial: 0,
    syncedToNationalPortal: 0,
    procedures: { total: 0, onlineCapable: 0, withOnlineDossiers: 0, withOnlinePayment: 0 },
  };
}

function merge(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (patch === null || typeof patch !== 'object' || base === null || typeof base !== 'object') return patch;
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) result[key] = merge(result[key], value);
  return result;
}

/** `base` with the patch deep-merged in. */
export function patchFigures(base: ScoringFigures, patch: DeepPartial<ScoringFigures>): ScoringFigures {
  return merge(base, patch) as ScoringFigures;
}

/** `base` with figures set by path, e.g. `{ 'resolved.early': 3 }`; `undefined` removes an optional figure. */
export function setFigures(
  base: ScoringFigures,
  values: Partial<Record<FigurePath, number | undefined>>,
): ScoringFigures {
  const result = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(values)) {
    const keys = path.split('.');
    let node = result;
    for (const key of keys.slice(0, -1)) {
      if (node[key] === undefined) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return result as unknown as ScoringFigures;
}
