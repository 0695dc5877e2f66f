import type { LocalDate } from '@dossier-ledger/calendar';
import type { EraInfo, Unit, UnitRegistry } from '@dossier-ledger/units';

export type SubtreeRegistry = Pick<UnitRegistry, 'eras' | 'eraOn' | 'get' | 'ancestors' | 'unitForAgency'>;

/** A date whose hierarchy is the era's (its last day, or its first when it is open-ended). */
export function eraDate(era: EraInfo): LocalDate {
  return (era.validTo ?? era.validFrom ?? era.describesDate) as LocalDate;
}

/** A unit as a live stream follows it: the unit in one era's hierarchy. */
export interface StreamUnit {
  unit: Unit;
  era: string;
  /** A date of that era (scope checks read the hierarchy of this date). */
  on: LocalDate;
}

/**
 * Reads a stream's unit (GSO code or registered agency code) in the hierarchy valid today, or —
 * for a unit that no longer exists, e.g. a district after 07/2025 — in the latest earlier era
 * that has it. A stream has no window, so this stands for the report API's "hierarchy of `to`".
 */
export function resolveStreamUnit(registry: SubtreeRegistry, code: string, today: LocalDate): StreamUnit | undefined {
  const candidates = [code, registry.unitForAgency(code)].filter((c): c is string => c !== undefined);
  const current = registry.eraOn(today);
  const eras = registry.eras.filter((e) => e.id === current?.id || (e.validTo !== null && e.validTo < today)).reverse();
  for (const era of eras) {
    const on = era.id === current?.id ? today : eraDate(era);
    for (const candidate of candidates) {
      const unit = registry.get(candidate, on);
      if (unit) return { unit, era: era.id, on };
    }
  }
  return undefined;
}

/** Membership in one unit's subtree within one era, memoized (changes name the same units again and again). */
export class UnitSubtree {
  private readonly memo = new Map<string, boolean>();

  constructor(
    private readonly registry: SubtreeRegistry,
    readonly era: string,
    readonly rootCode: string,
    private readonly on: LocalDate,
  ) {}

  contains(era: string, unitCode: string): boolean {
    if (era !== this.era) return false;
    let inside = this.memo.get(unitCode);
    if (inside === undefined) {
      inside =
        unitCode === this.rootCode ||
        (this.registry.get(unitCode, this.on) !== undefined &&
          this.registry.ancestors(unitCode, this.on).some((u) => u.code === this.rootCode));
      if (this.memo.size > 20_000) this.memo.clear();
      this.memo.set(unitCode, inside);
    }
    return inside;
  }
}
