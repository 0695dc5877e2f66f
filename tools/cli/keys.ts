// npm run keys -- create --name SOURCE --scope UNIT[,UNIT]|all [--role write,read] [--replace] | list | revoke KEY_ID
import { localDateOfEpochMs } from '@dossier-ledger/calendar';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import {
  ApiKeyRepository,
  connectionDb,
  DEFAULT_API_KEY_ROLES,
  isApiKeyRole,
  type ApiKeyRole,
} from '@dossier-ledger/platform';
import { connectCliMongo, parseArgs, runCli, stringOption, UsageError } from '@dossier-ledger/platform';

const USAGE = `Usage:
  npm run keys -- create --name SOURCE --scope UNIT_CODE[,UNIT_CODE...]|all [--role write,read,admin] [--replace]
      prints the new key alone on its last line (it is shown once; only its hash is stored);
      --scope all: every province of today's hierarchy (a service such as scoring);
      --replace: revokes the other active keys of SOURCE first (npm start does this for scoring)
  npm run keys -- list
  npm run keys -- revoke KEY_ID
MONGODB_URI selects the database (default mongodb://127.0.0.1:27017/dossier-ledger).`;

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

runCli(USAGE, async () => {
  const { positional, options } = parseArgs(process.argv.slice(2));
  const [command, ...rest] = positional;
  if (!command || options.has('help')) throw new UsageError('No command given');
  const connection = await connectCliMongo();
  try {
    const keys = new ApiKeyRepository(connectionDb(connection));
    if (command === 'create') {
      const name = stringOption(options, 'name');
      const scopeOption = stringOption(options, 'scope') ?? '';
      const scope = scopeOption === 'all' ? everyProvince() : list(scopeOption);
      const roles = list(stringOption(options, 'role') ?? DEFAULT_API_KEY_ROLES.join(','));
      if (!name) throw new UsageError('create needs --name SOURCE');
      if (scope.length === 0) throw new UsageError('create needs --scope UNIT_CODE[,UNIT_CODE...]');
      const bad = roles.filter((r) => !isApiKeyRole(r));
      if (bad.length > 0) throw new UsageError(`Unknown role ${bad.join(', ')} (write, read, admin)`);
      if (options.has('replace')) {
        for (const old of await keys.findActiveBySource(name)) await keys.revoke(old._id);
      }
      const { key, record } = await keys.create({ name, scope, roles: roles as ApiKeyRole[] });
      const shownScope = scopeOption === 'all' ? `all ${scope.length} provinces` : record.scope.join(',');
      console.log(
        `Created key ${record._id} for source ${record.name}: scope ${shownScope}, roles ${record.roles.join(',')}`,
      );
      console.log('Store it now, it is not shown again:');
      console.log(key);
    } else if (command === 'list') {
      const all = await keys.list();
      if (all.length === 0) console.log('No keys.');
      for (const k of all) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        console.log(
          `${k._id}  ${k.name}  scope=${k.scope.join(',')}  roles=${k.roles.join(',')}  created ${k.createdAt.toISOString()}  ${state}`,
        );
      }
    } else if (command === 'revoke') {
      const [keyId] = rest;
      if (!keyId) throw new UsageError('revoke needs KEY_ID');
      if (!(await keys.revoke(keyId))) throw new Error(`No active key ${keyId}`);
      console.log(`Revoked ${keyId} (services notice within their key cache time, 30 s by default)`);
    } else {
      throw new UsageError(`Unknown command ${command}`);
    }
  } finally {
    await connection.close();
  }
});

/** Today's provinces: a key scoped with them reaches every unit, old hierarchies included. */
function everyProvince(): string[] {
  return loadDefaultUnitRegistry()
    .units(localDateOfEpochMs(Date.now()), 'province')
    .map((unit) => unit.code);
}
