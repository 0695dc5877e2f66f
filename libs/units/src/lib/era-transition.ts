import { UnmappedUnitError } from './unit-errors';
import type { UnitEra } from './unit-era';
import type { CommuneMappingDataset, MappingHow, MappingRow, Unit } from './unit-types';

/** `same`: the unit continues in the next era under its own code (a mapping row with how `i`). */
export type TransitionKind =
  'same' | 'commune-mapping' | 'commune-to-province' | 'district-mapping' | 'district-to-province' | 'province-mapping';

/** Heuristic rows: name-matched (m), alias absorber (a), absorber via the reform mapping (r), gone district (g). */
const APPROXIMATE_HOWS: ReadonlySet<MappingHow> = new Set(['m', 'a', 'r', 'g']);

/** One hop of a unit from an era into the next one. */
export interface TransitionStep {
  readonly from: Unit;
  readonly to: Unit;
  readonly kind: TransitionKind;
  /** Heuristic: split commune, a heuristic row (m, a, r, g) or commune without any mapping row. */
  readonly approximate: boolean;
  /** Other targets of a split commune (the old commune went to several new ones). */
  readonly alternatives: readonly string[];
}

export interface ProvinceVote {
  readonly province: string;
  readonly votes: number;
  readonly total: number;
}

/**
 * Old province -> new province: the new province most of its communes go to (ties: lowest code).
 * Pure, so it can be checked on small fixtures; the lookups give each side's province of a code.
 */
export function deriveProvinceMapping(
  rows: readonly MappingRow[],
  oldProvinceOf: (code: string) => string | undefined,
  newProvinceOf: (code: string) => string | undefined,
): Map<string, ProvinceVote> {
  const tally = new Map<string, Map<string, number>>();
  for (const [oldCode, newCode] of rows) {
    const from = oldProvinceOf(oldCode);
    const to = newProvinceOf(newCode);
    if (from === undefined || to === undefined) continue;
    const votes = tally.get(from) ?? new Map<string, number>();
    votes.set(to, (votes.get(to) ?? 0) + 1);
    tally.set(from, votes);
  }
  const result = new Map<string, ProvinceVote>();
  for (const [from, votes] of tally) {
    let best: ProvinceVote | undefined;
    let total = 0;
    for (const [province, n] of votes) {
      total += n;
      if (!best || n > best.votes || (n === best.votes && province < best.province))
        best = { province, votes: n, total };
    }
    if (best) result.set(from, { ...best, total });
  }
  return result;
}

function kindOf(how: MappingHow, moved: TransitionKind): TransitionKind {
  return how === 'i' ? 'same' : moved;
}

/** The reform between two consecutive eras, built from a commune mapping file. */
export class EraTransition {
  private readonly communeTargets = new Map<string, { codes: string[]; hows: MappingHow[] }>();
  private readonly districtTargets = new Map<string, { code: string; how: MappingHow }>();
  readonly provinces: ReadonlyMap<string, ProvinceVote>;

  constructor(
    readonly from: UnitEra,
    readonly to: UnitEra,
    mapping: CommuneMappingDataset,
  ) {
    for (const [oldCode, newCode, how] of mapping.rows) {
      if (!to.get(newCode)) continue; // only targets that exist in the new era
      const entry = this.communeTargets.get(oldCode) ?? { codes: [], hows: [] };
      entry.codes.push(newCode);
      entry.hows.push(how);
      this.communeTargets.set(oldCode, entry);
    }
    for (const [oldCode, newCode, how] of mapping.districtRows) {
      if (to.get(newCode)) this.districtTargets.set(oldCode, { code: newCode, how });
    }
    this.provinces = deriveProvinceMapping(
      mapping.rows,
      (code) => (from.get(code)?.level === 'commune' ? from.provinceOf(code)?.code : undefined),
      (code) => to.provinceOf(code)?.code,
    );
  }

  /** New province for an old province code, per the majority of its communes. */
  provinceFor(oldProvinceCode: string): Unit | undefined {
    const vote = this.provinces.get(oldProvinceCode);
    return vote ? this.to.get(vote.province) : undefined;
  }

  /** All new targets of an old commune, primary first. */
  communeTargetsOf(oldCode: string): readonly string[] {
    return this.communeTargets.get(oldCode)?.codes ?? [];
  }

  /** Carry a unit of the `from` era into the `to` era (the reform rule, one hop). */
  carry(unit: Unit, toDate: string): TransitionStep {
    if (unit.level === 'commune') {
      const target = this.communeTargets.get(unit.code);
      if (target) {
        const [primary, ...alternatives] = target.codes;
        const approximate = alternatives.length > 0 || APPROXIMATE_HOWS.has(target.hows[0]);
        return this.step(unit, primary, kindOf(target.hows[0], 'commune-mapping'), approximate, alternatives, toDate);
      }
      return this.toProvince(unit, 'commune-to-province', true, toDate);
    }
    if (unit.level === 'district') {
      const target = this.districtTargets.get(unit.code);
      if (target)
        return this.step(
          unit,
          target.code,
          kindOf(target.how, 'district-mapping'),
          APPROXIMATE_HOWS.has(target.how),
          [],
          toDate,
        );
      return this.toProvince(unit, 'district-to-province', false, toDate);
    }
    return this.toProvince(unit, 'province-mapping', false, toDate);
  }

  private toProvince(unit: Unit, kind: TransitionKind, approximate: boolean, toDate: string): TransitionStep {
    const oldProvince = this.from.provinceOf(unit.code);
    const target = oldProvince && this.provinces.get(oldProvince.code)?.province;
    if (!target) throw new UnmappedUnitError(unit.code, toDate, `no new province for it in ${this.to.id}`);
    return this.step(unit, target, kind, approximate, [], toDate);
  }

  private step(
    from: Unit,
    code: string,
    kind: TransitionKind,
    approximate: boolean,
    alternatives: readonly string[],
    toDate: string,
  ): TransitionStep {
    const to = this.to.get(code);
    if (!to) throw new UnmappedUnitError(from.code, toDate, `target ${code} missing from ${this.to.id}`);
    return { from, to, kind, approximate, alternatives };
  }
}
