import type { LocalDate } from '@dossier-ledger/calendar';
import type { ReportChain, UnitHierarchy } from '@dossier-ledger/reporting';
import type { EraInfo, UnitRegistry } from '@dossier-ledger/units';

/** What the adapter needs from the registry. */
export type ChainRegistry = Pick<UnitRegistry, 'eras' | 'reportPath' | 'unitForAgency'>;

/**
 * The reporting port over the effective-dated unit registry: a dossier rolls up in the era valid on
 * its receipt date and, through the reform mapping, in every later era (a window is reported under
 * the hierarchy valid on its `to` date, so a dossier received in 2024 and still pending in
 * 08/2025 must be in the 2025 tree too). Era ids are the registry's dataset ids. Agency codes
 * (mã định danh) are mapped to the unit they stood for on the receipt date (mappings are
 * effective-dated: at the reform an agency moved to its new commune), with the agency table as it is
 * when the event is applied: a changed table is used from then on (a rebuild applies it to all
 * history). A code the registry does not know has no chain: it is counted nowhere, and
 * `unknownUnits` says which.
 */
export class RegistryUnitHierarchy implements UnitHierarchy {
  private readonly memo = new Map<string, ReportChain[]>();
  private readonly eras: readonly EraInfo[];
  readonly unknownUnits = new Set<string>();

  constructor(private readonly registry: ChainRegistry) {
    this.eras = registry.eras;
  }

  reportChains(unitCode: string, receivedOn: LocalDate): ReportChain[] {
    const era = this.eras.findIndex((e) => covers(e, receivedOn));
    // In the key: a changed agency table gives new chains from then on.
    const agencyUnit = this.registry.unitForAgency(unitCode, receivedOn);
    const key = `${unitCode}|${era}|${agencyUnit ?? ''}`;
    let chains = this.memo.get(key);
    if (chains === undefined) {
      chains = this.resolve(agencyUnit ?? unitCode, receivedOn, era);
      if (chains.length === 0) this.unknownUnits.add(unitCode);
      if (this.memo.size > 200_000) this.memo.clear();
      this.memo.set(key, chains);
    }
    return chains;
  }

  private resolve(code: string, receivedOn: LocalDate, firstEra: number): ReportChain[] {
    if (firstEra < 0) return [];
    const chains: ReportChain[] = [];
    for (let i = firstEra; i < this.eras.length; i++) {
      const era = this.eras[i];
      // Any date inside the era selects its tree; the receipt date does for the receipt's own era.
      const on = i === firstEra ? receivedOn : (era.validFrom as LocalDate);
      const path = this.path(code, on, receivedOn);
      if (path) chains.push({ era: era.id, level: path.level, path: path.chain.map((u) => u.code) });
    }
    return chains;
  }

  private path(code: string, on: LocalDate, recordedOn: LocalDate) {
    try {
      // An old code still sent after its commune was merged (2025-H1 or after the reform) is read
      // by the registry in the latest earlier tree that knows it (approximate).
      return this.registry.reportPath(code, on, { recordedOn });
    } catch {
      // A code of a later tree used before its start date (e.g. a 07/2025 commune code in 06/2025).
      try {
        return this.registry.reportPath(code, on);
      } catch {
        return undefined;
      }
    }
  }
}

function covers(era: EraInfo, date: LocalDate): boolean {
  return (era.validFrom === null || era.validFrom <= date) && (era.validTo === null || date <= era.validTo);
}
