import { type UnitLevel } from '@dossier-ledger/contracts';
import type { LocalDate } from '@dossier-ledger/calendar';
import { assertAgencyCode } from './agency-codes';

import { AgencyMappingTable } from './agency-mappings';

import { EraTransition } from './era-transition';

import { assertLocalDate } from './local-date';

import { resolveForReport, type EraChain, type ReportResolution, type ResolveOptions } from './reform-rule';

import { buildReportPath, type ReportPath } from './report-path';

import { AgencyConflictError, InvalidUnitDataError, UnknownUnitError } from './unit-errors';

import { UnitEra } from './unit-era';

import type { AgencyMap, CommuneMappingDataset, Unit, UnitsDataset } from './unit-types';

export interface UnitRegistryInput {
  /** Effective-dated hierarchies; their validity ranges must not overlap. */
  readonly datasets: readonly UnitsDataset[];
  /** Mappings between consecutive datasets (fromDataset -> toDataset). */
  readonly mappings?: readonly CommuneMappingDataset[];
  /** Agency code -> unit code; `$`-prefixed keys are ignored (comments). */
  readonly agencies?: AgencyMap;
}

/** Public description of one era (dataset). */
export interface EraInfo {
  readonly id: string;
  readonly validFrom: LocalDate | null;
  readonly validTo: LocalDate | null;
  readonly describesDate: LocalDate;
  readonly source: string;
  readonly sourceVersion: string;
}

/**
 * The national hierarchy over time. Lookups (`get`, `level`, `parent`, `unitForAgency`) return
 * undefined for unknown codes; navigation (`require`, `ancestors`, `children`, `isInSubtree`,
 * `resolveForReport`, `reportPath`) throws UnknownUnitError. Malformed dates throw
 * InvalidLocalDateError everywhere.
 */
export class UnitRegistry {
  private readonly chain: EraChain;
  private agencyTable = new AgencyMappingTable();
  private agencyTableVersion = 0;

  constructor(input: UnitRegistryInput) {
    const eras = input.datasets.map((d) => new UnitEra(d)).sort(compareEras);
    eras.forEach((era, i) => {
      const next = eras[i + 1];
      if (next && (era.validTo === null || next.validFrom === null || era.validTo >= next.validFrom)) {
        throw new InvalidUnitDataError(`Datasets ${era.id} and ${next.id} overlap`);
      }
    });
    const transitions = new Map<string, EraTransition>();
    for (const mapping of input.mappings ?? []) {
      const i = eras.findIndex((e) => e.id === mapping.fromDataset);
      if (i < 0 || eras[i + 1]?.id !== mapping.toDataset) {
        throw new InvalidUnitDataError(
          `${mapping.id}: ${mapping.fromDataset} -> ${mapping.toDataset} are not consecutive datasets`,
        );
      }
      transitions.set(eras[i].id, new EraTransition(eras[i], eras[i + 1], mapping));
    }
    this.chain = { eras, transitions };
    for (const [agency, unit] of Object.entries(input.agencies ?? {})) {
      if (!agency.startsWith('$')) this.registerAgency(agency, unit);
    }
    this.agencyTableVersion = 0;
  }

  get eras(): readonly EraInfo[] {
    return this.chain.eras.map(({ id, validFrom, validTo, describesDate, source, sourceVersion }) => ({
      id,
      validFrom,
      validTo,
      describesDate,
      source,
      sourceVersion,
    }));
  }

  /** The era whose hierarchy is valid on the date, if any. */
  eraOn(onDate: string): EraInfo | undefined {
    const era = this.era(onDate);
    return era && this.eras.find((e) => e.id === era.id);
  }

  get(code: string, onDate: string): Unit | undefined {
    return this.era(onDate)?.get(code);
  }

  /** Like `get`, but throws UnknownUnitError. */
  require(code: string, onDate: string): Unit {
    const unit = this.get(code, onDate);
    if (!unit) throw new UnknownUnitError(code, onDate);
    return unit;
  }

  level(code: string, onDate: string): UnitLevel | undefined {
    return this.get(code, onDate)?.level;
  }

  parent(code: string, onDate: string): Unit | undefined {
    const unit = this.get(code, onDate);
    return unit?.parentCode ? this.get(unit.parentCode, onDate) : undefined;
  }

  /** Nearest first: [district, province] for a pre-2025 commune, [] for a province. */
  ancestors(code: string, onDate: string): Unit[] {
    this.require(code, onDate);
    return this.era(onDate)?.ancestors(code) ?? [];
  }

  children(code: string, onDate: string): Unit[] {
    this.require(code, onDate);
    return [...(this.era(onDate)?.children(code) ?? [])];
  }

  /** Units valid on the date, optionally of one level. */
  units(onDate: string, level?: UnitLevel): Unit[] {
    return this.era(onDate)?.units(level) ?? [];
  }

  /** True when `code` is `rootCode` or below it on that date. */
  isInSubtree(code: string, rootCode: string, onDate: string): boolean {
    this.require(rootCode, onDate);
    return code === rootCode || this.ancestors(code, onDate).some((u) => u.code === rootCode);
  }

  /** True when the code denotes a unit in at least one era. */
  hasCode(code: string): boolean {
    return this.chain.eras.some((era) => era.get(code) !== undefined);
  }

  /** The reform rule: see reform-rule.ts and docs/units.md. */
  resolveForReport(code: string, toDate: string, options?: ResolveOptions): ReportResolution {
    return resolveForReport(this.chain, code, toDate, options);
  }

  /** [unit, ...ancestors] under the hierarchy of `toDate`, for adding a dossier to every level. */
  reportPath(code: string, toDate: string, options?: ResolveOptions): ReportPath {
    return buildReportPath(this, code, toDate, options);
  }

  /** Map an agency code (mã định danh) to a unit at any date; re-registering the same pair is a no-op. */
  registerAgency(agencyCode: string, unitCode: string, options: { replace?: boolean } = {}): void {
    assertAgencyCode(agencyCode);
    if (!this.hasCode(unitCode)) throw new UnknownUnitError(unitCode, 'any date');
    const current = this.agencyTable.unitFor(agencyCode);
    if (current !== undefined && current !== unitCode && !options.replace) {
      throw new AgencyConflictError(agencyCode, current, unitCode);
    }
    const others = this.agencyTable.list().filter((m) => m.agencyCode !== agencyCode);
    this.setAgencyMappings(
      new AgencyMappingTable([...others, { agencyCode, periods: [{ unitCode, validFrom: null, validTo: null }] }]),
    );
  }

  /**
   * Swaps the whole agency table (the services load it from the store and refresh it while
   * running). `agencyVersion` changes, so callers caching decisions know to drop them.
   */
  setAgencyMappings(table: AgencyMappingTable): void {
    this.agencyTable = table;
    this.agencyTableVersion++;
  }

  get agencyVersion(): number {
    return this.agencyTableVersion;
  }

  get agencyMappings(): AgencyMappingTable {
    return this.agencyTable;
  }

  /**
   * The GSO code the agency stood for on the date (its mapping is effective-dated); without a
   * date, its current unit. Read the unit itself with `get`/`resolveForReport`.
   */
  unitForAgency(agencyCode: string, onDate?: string): string | undefined {
    return this.agencyTable.unitFor(agencyCode, onDate);
  }

  /** Each agency's current unit. */
  agencies(): AgencyMap {
    return Object.fromEntries(
      this.agencyTable.list().flatMap((m) => {
        const unit = this.agencyTable.unitFor(m.agencyCode);
        return unit === undefined ? [] : [[m.agencyCode, unit]];
      }),
    );
  }

  private era(onDate: string): UnitEra | undefined {
    assertLocalDate(onDate);
    return this.chain.eras.find((era) => era.covers(onDate));
  }
}

function compareEras(a: UnitEra, b: UnitEra): number {
  if (a.validFrom === b.validFrom) return 0;
  if (a.validFrom === null) return -1;
  if (b.validFrom === null) return 1;
  return a.validFrom < b.validFrom ? -1 : 1;
}
