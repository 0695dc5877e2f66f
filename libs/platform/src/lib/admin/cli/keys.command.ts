import { localDateOfEpochMs } from '@dossier-ledger/calendar';
import { DEFAULT_API_KEY_ROLES, isApiKeyRole, type ApiKeyRole } from '../../auth/api-key-format';
import { parseArgs, stringOption, UsageError } from '../../cli/cli-support';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { withAdministration } from './cli-context';

export const KEYS_USAGE = `keys create --name SOURCE --scope UNIT_CODE[,UNIT_CODE...]|all [--role write,read,admin] [--expires ISO_DATE_TIME] [--replace]
      prints the new key alone on its last line (shown once; only its hash is stored);
      --scope all: every province of today's hierarchy (a service such as scoring);
      --replace: revokes the other active keys of SOURCE first
keys list
keys revoke KEY_ID
keys rotate KEY_ID [--expires ISO_DATE_TIME]   a new secret for the same source, scope and roles; the old key is revoked`;

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

function expiry(options: Map<string, string | true>): Date | null {
  const value = stringOption(options, 'expires');
  if (value === undefined) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--expires ${value} is not an ISO 8601 date-time`);
  return date;
}

export async function keysCommand(argv: string[]): Promise<void> {
  const { positional, options } = parseArgs(argv);
  const [command, keyId] = positional;
  if (!command) throw new UsageError('keys needs a command');
  await withAdministration(async ({ keys, actor }) => {
    if (command === 'create') {
      const name = stringOption(options, 'name');
      const scopeOption = stringOption(options, 'scope') ?? '';
      const scope = scopeOption === 'all' ? everyProvince() : list(scopeOption);
      const roles = list(stringOption(options, 'role') ?? DEFAULT_API_KEY_ROLES.join(','));
      if (!name) throw new UsageError('create needs --name SOURCE');
      if (scope.length === 0) throw new UsageError('create needs --scope UNIT_CODE[,UNIT_CODE...]');
      const bad = roles.filter((r) => !isApiKeyRole(r));
      if (bad.length > 0) throw new UsageError(`Unknown role ${bad.join(', ')} (write, read, admin)`);
      const created = await keys.create(actor, {
        name,
        scope,
        roles: roles as ApiKeyRole[],
        expiresAt: expiry(options),
        replace: options.has('replace'),
      });
      const { record } = created;
      const shownScope = scopeOption === 'all' ? `all ${scope.length} provinces` : record.scope.join(',');
      const expires = record.expiresAt ? `, expires ${record.expiresAt.toISOString()}` : '';
      const revoked = created.revoked.length > 0 ? ` (revoked ${created.revoked.join(', ')})` : '';
      console.log(
        `Created key ${record._id} for source ${record.name}: scope ${shownScope}, roles ${record.roles.join(',')}${expires}${revoked}`,
      );
      console.log('Store it now, it is not shown again:');
      console.log(created.key);
    } else if (command === 'list') {
      const all = await keys.list(actor);
      if (all.length === 0) console.log('No keys.');
      for (const k of all) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        const expires = k.expiresAt ? `  expires ${k.expiresAt.toISOString()}` : '';
        console.log(
          `${k._id}  ${k.name}  scope=${k.scope.join(',')}  roles=${k.roles.join(',')}  created ${k.createdAt.toISOString()}  ${state}${expires}`,
        );
      }
    } else if (command === 'revoke') {
      if (!keyId) throw new UsageError('revoke needs KEY_ID');
      await keys.revoke(actor, keyId);
      console.log(
        `Revoked ${keyId} (services notice within their key cache time, API_KEY_CACHE_TTL_MS, 30 s by default)`,
      );
    } else if (command === 'rotate') {
      if (!keyId) throw new UsageError('rotate needs KEY_ID');
      const rotated = await keys.rotate(actor, keyId, expiry(options));
      console.log(`Rotated ${keyId} → ${rotated.record._id} (source ${rotated.record.name}); ${keyId} is revoked.`);
      console.log('Store it now, it is not shown again:');
      console.log(rotated.key);
    } else {
      throw new UsageError(`Unknown keys command ${command}`);
    }
  });
}

/** Today's provinces: a key scoped with them reaches every unit, old hierarchies included. */
function everyProvince(): string[] {
  return loadDefaultUnitRegistry()
    .units(localDateOfEpochMs(Date.now()), 'province')
    .map((unit) => unit.code);
}
