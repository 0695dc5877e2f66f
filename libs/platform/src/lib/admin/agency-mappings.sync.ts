import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { UnitRegistry } from '@dossier-ledger/units';
import type { AgencyMappingRepository } from './agency-mapping.repository';

/**
 * Keeps the process's unit registry's agency table equal to the store's: loaded (and seeded on
 * an empty store) before the app serves, then refreshed when the version document changes —
 * polled every AGENCY_MAPPINGS_REFRESH_MS, so a mapping added through the admin API or the CLI
 * takes effect in every running service within seconds, without a restart.
 */
export class AgencyMappingsSync implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(AgencyMappingsSync.name);
  private loadedVersion = -1;
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly repository: AgencyMappingRepository,
    private readonly registry: UnitRegistry,
    private readonly refreshMs: number,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.repository.seedIfEmpty();
    await this.refresh();
    if (this.refreshMs > 0) this.timer = setInterval(() => void this.poll(), this.refreshMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Reads the table again when its version moved; answers whether it did. */
  async refresh(): Promise<boolean> {
    const version = await this.repository.version();
    if (version === this.loadedVersion) return false;
    const table = await this.repository.table();
    this.registry.setAgencyMappings(table);
    if (this.loadedVersion >= 0) this.log.log(`agency mappings version ${version} loaded (${table.size} agencies)`);
    this.loadedVersion = version;
    return true;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      await this.refresh();
    } catch (error) {
      this.log.warn(
        `agency mappings not refreshed, keeping version ${this.loadedVersion}: ${(error as Error).message}`,
      );
    } finally {
      this.polling = false;
    }
  }
}
