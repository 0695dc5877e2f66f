import type { LocalDate } from '@dossier-ledger/calendar';
import type { EraTransition, TransitionKind, TransitionStep } from './era-transition';
import { assertLocalDate } from './local-date';
import { UnknownUnitError, UnmappedUnitError } from './unit-errors';
import type { UnitEra } from './unit-era';
import type { Unit } from './unit-types';

export type ResolutionKind = 'same' | TransitionKind;

/** Where a dossier's unit is reported for a window ending `toDate`. */
export interface ReportResolution {
  /** Unit in the hierarchy valid on `toDate`. */
  readonly unit: Unit;
  /** What the code meant when the dossier was recorded (in its own era). */
  readonly from: Unit;
  /** `same` when the unit still exists on `toDate` (under its code); otherwise how the last move mapped it. */
  readonly kind: ResolutionKind;
  /**
   * True when a hop was heuristic (split commune, name-matched row, absorber of a merged commune,
   * commune without mapping) or the code was no longer valid on `recordedOn` (read in an earlier era).
   */
  readonly approximate: boolean;
  /** Other new units a split commune went to (the dossier is counted under `unit` only). */
  readonly alternatives: readonly string[];
  readonly steps: readonly TransitionStep[];
}

export interface ResolveOptions {
  /**
   * A date on which the code was valid for this dossier (e.g. its receipt date). Needed when a code
   * was reused by the reform with another meaning; without it the code is read in the era of
   * `toDate` first, then in earlier eras (latest first). A code the era of `recordedOn` does not
   * know (a vendor still sending a merged commune's code) is read in the latest earlier era that
   * knows it, and the resolution is approximate.
   */
  readonly recordedOn?: string;
}

export interface EraChain {
  /** Eras sorted by date, non-overlapping. */
  readonly eras: readonly UnitEra[];
  /** Transition from `eras[i]` to `eras[i + 1]`, keyed by `eras[i].id`. */
  readonly transitions: ReadonlyMap<string, EraTransition>;
}

/**
 * Reform rule (default): a window is reported under the hierarchy valid on its `to` date. A unit
 * abolished before `to` rolls up through the old -> new mapping: commune -> its (primary) new
 * commune, or its new province when no row covers it; district -> the new province containing it
 * (island districts -> their đặc khu); province -> its new province.
 */
export function resolveForReport(
  chain: EraChain,
  code: string,
  toDate: string,
  options: ResolveOptions = {},
): ReportResolution {
  assertLocalDate(toDate);
  const targetIndex = chain.eras.findIndex((era) => era.covers(toDate));
  if (targetIndex < 0) throw new UnknownUnitError(code, toDate);
  const { unit: source, eraIndex, stale } = findSource(chain, code, toDate, targetIndex, options.recordedOn);
  if (eraIndex > targetIndex) {
    throw new UnmappedUnitError(code, toDate, `recorded on ${options.recordedOn} in a later hierarchy`);
  }
  const steps: TransitionStep[] = [];
  let current = source;
  for (let i = eraIndex; i < targetIndex; i++) {
    const transition = chain.transitions.get(chain.eras[i].id);
    if (!transition) throw new UnmappedUnitError(code, toDate, `no mapping from ${chain.eras[i].id}`);
    const step = transition.carry(current, toDate);
    steps.push(step);
    current = step.to;
  }
  // Identity hops (a unit that continues into the next era) do not change what the dossier is.
  const last = steps.filter((s) => s.kind !== 'same').at(-1);
  return {
    unit: current,
    from: source,
    kind: last?.kind ?? 'same',
    approximate: stale || steps.some((s) => s.approximate),
    alternatives: last?.alternatives ?? [],
    steps,
  };
}

function findSource(
  chain: EraChain,
  code: string,
  toDate: LocalDate,
  targetIndex: number,
  recordedOn: string | undefined,
): { unit: Unit; eraIndex: number; stale: boolean } {
  if (recordedOn !== undefined) {
    assertLocalDate(recordedOn);
    const recordedIndex = chain.eras.findIndex((era) => era.covers(recordedOn));
    const found = recordedIndex >= 0 ? latestEraWith(chain, code, recordedIndex) : undefined;
    if (!found) throw new UnknownUnitError(code, recordedOn);
    return { ...found, stale: found.eraIndex !== recordedIndex };
  }
  const found = latestEraWith(chain, code, targetIndex);
  if (!found) throw new UnknownUnitError(code, toDate);
  return { ...found, stale: false };
}

/** The code in the latest era at or before `fromIndex` that knows it. */
function latestEraWith(chain: EraChain, code: string, fromIndex: number): { unit: Unit; eraIndex: number } | undefined {
  for (let i = fromIndex; i >= 0; i--) {
    const unit = chain.eras[i].get(code);
    if (unit) return { unit, eraIndex: i };
  }
  return undefined;
}
