import type { LevelTargets, TargetShare } from '@dossier-ledger/contracts';
import {
  AuditLog,
  cliActor,
  connectCliMongo,
  connectionDb,
  parseArgs,
  stringOption,
  todayInVietnam,
  unrestrictedActor,
  UsageError,
} from '@dossier-ledger/platform';
import { formatPercentVi } from '@dossier-ledger/calendar';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { loadRuleSetCatalog } from '../rule-sets/rule-set-catalog.loader';
import { TargetsInputError } from './set-targets.dto';
import { createTargetsUseCase } from './targets.use-case';

export const TARGETS_USAGE = `targets list                    every target document (the defaults per level, the provinces' own)
targets show UNIT [--on YYYY-MM-DD]   the targets that apply to the unit's level and its children's
targets set SCOPE LEVEL [--online S] [--full-process S] [--on-time S]
      SCOPE default or a province code; LEVEL province, district or commune; S a share 0–1
      (0.9 = 90 %), or none to remove a province's own (the default applies again).
      Running scoring services use the change within TARGETS_CACHE_TTL_MS (5 s).`;

/** `--online 0.9` → 0.9, `none` → null; anything else is passed on for the validation to name. */
function share(value: string | undefined): number | null | string | undefined {
  if (value === undefined || value === 'none') return value === 'none' ? null : undefined;
  return /^\s*$/.test(value) || Number.isNaN(Number(value)) ? value : Number(value);
}

const describe = (name: string, target: TargetShare | null) =>
  target === null
    ? `${name} –`
    : `${name} ${formatPercentVi(target.share)} (${target.scope}${target.assumed ? ', assumed' : ''})`;

const line = (t: LevelTargets) =>
  `${t.level}: ${[describe('online', t.online), describe('full-process', t.fullProcess), describe('on time', t.onTime)].join(', ')}`;

export async function targetsCommand(argv: string[]): Promise<void> {
  const { positional, options } = parseArgs(argv);
  const [command, ...rest] = positional;
  if (!command) throw new UsageError('targets needs a command');
  const connection = await connectCliMongo();
  try {
    const db = connectionDb(connection);
    const targets = createTargetsUseCase(
      db,
      new AuditLog(db),
      loadDefaultUnitRegistry(),
      loadRuleSetCatalog(process.env['RULE_SETS_DIR']),
      0,
    );
    await targets.seed();
    // The command line runs with the store's credentials: it administers every province.
    const actor = unrestrictedActor(cliActor());
    if (command === 'list') {
      for (const doc of await targets.list(actor))
        for (const [field, value] of Object.entries(doc.values))
          console.log(
            `${doc._id}  ${field} ${formatPercentVi(value.share)}${value.assumed ? ' (assumed)' : ''}  ${value.updatedBy} ${value.updatedAt.toISOString()}`,
          );
    } else if (command === 'show') {
      const [unit] = rest;
      if (!unit) throw new UsageError('show needs UNIT');
      const view = await targets.forUnit(unit, stringOption(options, 'on') ?? todayInVietnam());
      console.log(`${view.unit.code} ${view.unit.name} (province ${view.province}, on ${view.on})`);
      console.log(line(view.targets));
      if (view.childTargets) console.log(`children ${line(view.childTargets)}`);
    } else if (command === 'set') {
      const [scope, level] = rest;
      if (!scope || !level) throw new UsageError('set needs SCOPE and LEVEL');
      const body = Object.fromEntries(
        (
          [
            ['online', 'online'],
            ['fullProcess', 'full-process'],
            ['onTime', 'on-time'],
          ] as const
        )
          .map(([field, option]) => [field, share(stringOption(options, option))] as const)
          .filter(([, value]) => value !== undefined),
      );
      const doc = await targets.set(actor, scope, level, body);
      console.log(
        `Set ${doc._id}: ${Object.entries(doc.values)
          .map(([f, v]) => `${f} ${formatPercentVi(v.share)}`)
          .join(', ')}`,
      );
    } else {
      throw new UsageError(`Unknown targets command ${command}`);
    }
  } catch (error) {
    // Refusals name the field and the rule: shown like usage errors (exit 2).
    if (error instanceof TargetsInputError) throw new UsageError(error.message);
    throw error;
  } finally {
    await connection.close();
  }
}
