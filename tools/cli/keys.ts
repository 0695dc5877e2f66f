// npm run keys -- create --name SOURCE --scope UNIT[,UNIT] [--role write,read] | list | revoke KEY_ID
import { ApiKeyRepository, connectionDb, DEFAULT_API_KEY_ROLES, isApiKeyRole, type ApiKeyRole } from '@dossier-ledger/platform';
import { connectMongo, parseArgs, runCli, stringOption, UsageError } from './cli-support';

const USAGE = `Usage:
  npm run keys -- create --name SOURCE --scope UNIT_CODE[,UNIT_CODE...] [--role write,read,admin]
      prints the new key alone on its last line (it is shown once; only its hash is stored)
  npm run keys -- list
  npm run keys -- revoke KEY_ID
MONGODB_URI selects the database (default mongodb://127.0.0.1:27017/dossier-ledger).`;

const list = (value: string) => value.split(',').map((v) => v.trim()).filter((v) => v !== '');

runCli(USAGE, async () => {
  const { positional, options } = parseArgs(process.argv.slice(2));
  const [command, ...rest] = positional;
  if (!command || options.has('help')) throw new UsageError('No command given');
  const connection = await connectMongo();
  try {
    const keys = new ApiKeyRepository(connectionDb(connection));
    if (command === 'create') {
      const name = stringOption(options, 'name');
      const scope = list(stringOption(options, 'scope') ?? '');
      const roles = list(stringOption(options, 'role') ?? DEFAULT_API_KEY_ROLES.join(','));
      if (!name) throw new UsageError('create needs --name SOURCE');
      if (scope.length === 0) throw new UsageError('create needs --scope UNIT_CODE[,UNIT_CODE...]');
      const bad = roles.filter((r) => !isApiKeyRole(r));
      if (bad.length > 0) throw new UsageError(`Unknown role ${bad.join(', ')} (write, read, admin)`);
      const { key, record } = await keys.create({ name, scope, roles: roles as ApiKeyRole[] });
      console.log(`Created key ${record._id} for source ${record.name}: scope ${record.scope.join(',')}, roles ${record.roles.join(',')}`);
      console.log('Store it now, it is not shown again:');
      console.log(key);
    } else if (command === 'list') {
      const all = await keys.list();
      if (all.length === 0) console.log('No keys.');
      for (const k of all) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        console.log(`${k._id}  ${k.name}  scope=${k.scope.join(',')}  roles=${k.roles.join(',')}  created ${k.createdAt.toISOString()}  ${state}`);
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
