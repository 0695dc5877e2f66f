import { type UnitLevel } from '@dossier-ledger/contracts';
import type { ReportChain, UnitHierarchy } from '../lib/unit-hierarchy.port';

interface FakeUnit {
  readonly level: UnitLevel;
  readonly parent?: string;
}

interface FakeEra {
  readonly era: string;
  readonly units: Readonly<Record<string, FakeUnit>>;
  /** Old-era unit → unit of this era (the 07/2025 mapping); units of this era map to themselves. */
  readonly mappedFrom?: Readonly<Record<string, string>>;
}

/** Test fake of the unit-registry port: static trees, one per era, and an old→new mapping (not effective-dated). */
export class FakeHierarchy implements UnitHierarchy {
  constructor(private readonly eras: readonly FakeEra[]) {}

  reportChains(unitCode: string): ReportChain[] {
    const chains: ReportChain[] = [];
    for (const era of this.eras) {
      const own = era.units[unitCode] !== undefined ? unitCode : era.mappedFrom?.[unitCode];
      if (own === undefined) continue;
      const path: string[] = [];
      for (let code: string | undefined = own; code !== undefined; code = era.units[code]?.parent) path.push(code);
      chains.push({ era: era.era, level: era.units[own].level, path });
    }
    return chains;
  }

  unitsOf(era: string): string[] {
    return Object.keys(this.eras.find((e) => e.era === era)?.units ?? {});
  }

  childrenOf(era: string, unitCode: string): string[] {
    const units = this.eras.find((e) => e.era === era)?.units ?? {};
    return Object.keys(units).filter((code) => units[code].parent === unitCode);
  }
}

export const OLD_ERA = 'vn-2023';
export const NEW_ERA = 'vn-2025';

/**
 * A province P with districts D1 (communes C11, C12) and D2 (commune C21) before 07/2025, and the same
 * area as communes N1 (ex D1, C11, C12) and N2 (ex D2, C21) after.
 */
export const TEST_HIERARCHY = new FakeHierarchy([
  {
    era: OLD_ERA,
    units: {
      P: { level: 'province' },
      D1: { level: 'district', parent: 'P' },
      D2: { level: 'district', parent: 'P' },
      C11: { level: 'commune', parent: 'D1' },
      C12: { level: 'commune', parent: 'D1' },
      C21: { level: 'commune', parent: 'D2' },
    },
  },
  {
    era: NEW_ERA,
    units: {
      P: { level: 'province' },
      N1: { level: 'commune', parent: 'P' },
      N2: { level: 'commune', parent: 'P' },
    },
    mappedFrom: { D1: 'N1', C11: 'N1', C12: 'N1', D2: 'N2', C21: 'N2' },
  },
]);

export const TEST_UNITS = ['P', 'D1', 'D2', 'C11', 'C12', 'C21'] as const;
