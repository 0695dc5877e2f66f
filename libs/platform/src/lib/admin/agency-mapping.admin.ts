import {
  addAgencyUnit,
  AgencyMappingError,
  mappingsFromCsv,
  parseAgencyCsv,
  validateAgencyMapping,
  type AgencyMapping,
  type AgencyPeriod,
  type AgencyUnitDates,
} from '@dossier-ledger/units';
import { assertAdministers, type AdminActor } from './admin-actor';
import type { AgencyMappingRepository } from './agency-mapping.repository';
import type { AuditLog } from './audit-log';

export { AgencyMappingError };

/**
 * Agency-mapping administration — one implementation for the admin API and the CLI: validate with
 * the unit data (libs/units), write the store (which every running service polls), audit-log.
 */
export class AgencyMappingAdmin {
  constructor(
    private readonly repository: AgencyMappingRepository,
    private readonly audit: AuditLog,
    private readonly units: AgencyUnitDates,
    /** Called after each write: this process's own table follows at once (others within their poll). */
    private readonly afterWrite: () => Promise<unknown> = async () => undefined,
  ) {}

  /** The agencies whose every period maps to a unit `actor` administers. */
  async list(actor: AdminActor): Promise<AgencyMapping[]> {
    return (await this.repository.table()).list().filter((mapping) => administers(actor, mapping));
  }

  /** Maps the agency to the unit from `validFrom` (closing its previous period), or at any date for a new agency. */
  async add(
    actor: AdminActor,
    agencyCode: string,
    unitCode: string,
    validFrom: string | null,
  ): Promise<{ mapping: AgencyMapping; changed: boolean }> {
    const code = agencyCode.trim().toUpperCase();
    const existing = await this.repository.find(code);
    const result = addAgencyUnit(existing, code, unitCode, validFrom, this.units);
    const units = await this.assertAdministered(actor, [result.mapping], existing ? [existing] : []);
    if (result.changed) {
      await this.repository.save([result.mapping], actor.name);
      await this.audit.record(
        actor.name,
        'agency-mapping.add',
        result.mapping.agencyCode,
        { unitCode, validFrom },
        units,
      );
      await this.afterWrite();
    }
    return result;
  }

  /** Replaces the agency's whole history. */
  async replace(actor: AdminActor, agencyCode: string, periods: readonly AgencyPeriod[]): Promise<AgencyMapping> {
    const mapping = validateAgencyMapping({ agencyCode, periods }, this.units);
    const units = await this.assertAdministered(actor, [mapping]);
    await this.repository.save([mapping], actor.name);
    await this.audit.record(
      actor.name,
      'agency-mapping.replace',
      mapping.agencyCode,
      { periods: mapping.periods },
      units,
    );
    await this.afterWrite();
    return mapping;
  }

  /** A CSV of histories (see parseAgencyCsv): all rows valid or nothing written; each agency listed replaces its history. */
  async importCsv(actor: AdminActor, csv: string): Promise<{ agencies: number; periods: number }> {
    const mappings = mappingsFromCsv(parseAgencyCsv(csv), this.units);
    const units = await this.assertAdministered(actor, mappings);
    await this.repository.save(mappings, actor.name);
    const periods = mappings.reduce((n, m) => n + m.periods.length, 0);
    await this.audit.record(
      actor.name,
      'agency-mapping.import',
      `${mappings.length} agencies`,
      { agencies: mappings.map((m) => m.agencyCode).slice(0, 100), periods },
      units,
    );
    await this.afterWrite();
    return { agencies: mappings.length, periods };
  }

  /**
   * Refuses (AdminScopeError) unless `actor` administers every unit of the new mappings and of what
   * they replace (an admin cannot take over another province's agency). The units, for the audit log.
   */
  private async assertAdministered(
    actor: AdminActor,
    mappings: readonly AgencyMapping[],
    replaced?: readonly AgencyMapping[],
  ): Promise<string[]> {
    const before =
      replaced ??
      (await Promise.all(mappings.map((m) => this.repository.find(m.agencyCode)))).filter(
        (m): m is AgencyMapping => m !== undefined,
      );
    for (const mapping of [...mappings, ...before])
      for (const period of mapping.periods)
        assertAdministers(actor, [period.unitCode], `agency ${mapping.agencyCode}`, period.validTo ?? undefined);
    return [...new Set([...mappings, ...before].flatMap((m) => m.periods.map((p) => p.unitCode)))];
  }
}

function administers(actor: AdminActor, mapping: AgencyMapping): boolean {
  return mapping.periods.every((p) => actor.outside([p.unitCode], p.validTo ?? undefined).length === 0);
}
