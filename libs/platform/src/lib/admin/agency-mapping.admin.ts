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

  async list(): Promise<AgencyMapping[]> {
    return (await this.repository.table()).list();
  }

  /** Maps the agency to the unit from `validFrom` (closing its previous period), or at any date for a new agency. */
  async add(
    actor: string,
    agencyCode: string,
    unitCode: string,
    validFrom: string | null,
  ): Promise<{ mapping: AgencyMapping; changed: boolean }> {
    const code = agencyCode.trim().toUpperCase();
    const result = addAgencyUnit(await this.repository.find(code), code, unitCode, validFrom, this.units);
    if (result.changed) {
      await this.repository.save([result.mapping], actor);
      await this.audit.record(actor, 'agency-mapping.add', result.mapping.agencyCode, { unitCode, validFrom });
      await this.afterWrite();
    }
    return result;
  }

  /** Replaces the agency's whole history. */
  async replace(actor: string, agencyCode: string, periods: readonly AgencyPeriod[]): Promise<AgencyMapping> {
    const mapping = validateAgencyMapping({ agencyCode, periods }, this.units);
    await this.repository.save([mapping], actor);
    await this.audit.record(actor, 'agency-mapping.replace', mapping.agencyCode, { periods: mapping.periods });
    await this.afterWrite();
    return mapping;
  }

  /** A CSV of histories (see parseAgencyCsv): all rows valid or nothing written; each agency listed replaces its history. */
  async importCsv(actor: string, csv: string): Promise<{ agencies: number; periods: number }> {
    const mappings = mappingsFromCsv(parseAgencyCsv(csv), this.units);
    await this.repository.save(mappings, actor);
    const periods = mappings.reduce((n, m) => n + m.periods.length, 0);
    await this.audit.record(actor, 'agency-mapping.import', `${mappings.length} agencies`, {
      agencies: mappings.map((m) => m.agencyCode).slice(0, 100),
      periods,
    });
    await this.afterWrite();
    return { agencies: mappings.length, periods };
  }
}
