import { Global, Module, type DynamicModule } from '@nestjs/common';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import type { mongo } from 'mongoose';
import { ApiKeyRepository } from '../auth/api-key.repository';
import { MONGO_DB } from '../mongo/mongo.module';
import { AgencyMappingAdmin } from './agency-mapping.admin';
import { AgencyMappingRepository } from './agency-mapping.repository';
import { AgencyMappingsSync } from './agency-mappings.sync';
import { AuditLog } from './audit-log';
import { KeyAdmin } from './key.admin';

/**
 * Runtime configuration every service shares (needs MongoModule and AuthModule): the agency table
 * kept in sync with the store, and the administration use cases the admin API and the CLI call.
 */
@Global()
@Module({})
export class AdminModule {
  static forRoot(options: { agencyRefreshMs: number }): DynamicModule {
    return {
      module: AdminModule,
      providers: [
        {
          provide: AgencyMappingRepository,
          inject: [MONGO_DB],
          useFactory: (db: mongo.Db) => new AgencyMappingRepository(db),
        },
        { provide: AuditLog, inject: [MONGO_DB], useFactory: (db: mongo.Db) => new AuditLog(db) },
        {
          provide: AgencyMappingsSync,
          inject: [AgencyMappingRepository],
          useFactory: (repository: AgencyMappingRepository) =>
            new AgencyMappingsSync(repository, loadDefaultUnitRegistry(), options.agencyRefreshMs),
        },
        {
          provide: AgencyMappingAdmin,
          inject: [AgencyMappingRepository, AuditLog, AgencyMappingsSync],
          useFactory: (repository: AgencyMappingRepository, audit: AuditLog, sync: AgencyMappingsSync) =>
            new AgencyMappingAdmin(repository, audit, loadDefaultUnitRegistry(), () => sync.refresh()),
        },
        {
          provide: KeyAdmin,
          inject: [ApiKeyRepository, AuditLog],
          useFactory: (keys: ApiKeyRepository, audit: AuditLog) => new KeyAdmin(keys, audit),
        },
      ],
      exports: [AgencyMappingRepository, AuditLog, AgencyMappingsSync, AgencyMappingAdmin, KeyAdmin],
    };
  }
}
