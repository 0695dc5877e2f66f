import { ApiKeyRepository } from '../../auth/api-key.repository';
import { connectCliMongo } from '../../cli/cli-support';
import { connectionDb } from '../../mongo/mongo.module';
import { unrestrictedActor, type AdminActor } from '../admin-actor';
import { AgencyMappingAdmin } from '../agency-mapping.admin';
import { AgencyMappingRepository } from '../agency-mapping.repository';
import { AuditLog } from '../audit-log';
import { KeyAdmin } from '../key.admin';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import type { mongo } from 'mongoose';
import { hostname, userInfo } from 'node:os';

/** Who runs the command, for the audit log: `cli:USER@HOST` (in Kubernetes: the pod's name). */
export function cliActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // a container user without a passwd entry
  }
  return `cli:${process.env['DL_ADMIN_ACTOR'] ?? `${user}@${hostname()}`}`;
}

/** The store (MONGODB_URI) and the administration use cases, for one command. */
export async function withAdministration<T>(
  run: (admin: { db: mongo.Db; keys: KeyAdmin; agencies: AgencyMappingAdmin; actor: AdminActor }) => Promise<T>,
): Promise<T> {
  const connection = await connectCliMongo();
  try {
    const db = connectionDb(connection);
    const audit = new AuditLog(db);
    const mappings = new AgencyMappingRepository(db);
    await mappings.seedIfEmpty();
    return await run({
      db,
      keys: new KeyAdmin(new ApiKeyRepository(db), audit),
      agencies: new AgencyMappingAdmin(mappings, audit, loadDefaultUnitRegistry()),
      actor: unrestrictedActor(cliActor()), // the command line runs with the store's credentials
    });
  } finally {
    await connection.close();
  }
}
