import { Logger } from '@nestjs/common';
import { runCli, UsageError } from '../../cli/cli-support';
import { AGENCIES_USAGE, agenciesCommand } from './agencies.command';
import { BACKUP_USAGE, backupCommand } from './backup.command';
import { KEYS_USAGE, keysCommand } from './keys.command';
import { STATUS_USAGE, statusCommand, type StatusLines } from './status.command';

export interface AdminCliCommand {
  usage: string;
  run(argv: string[]): Promise<void>;
}

/**
 * The administration CLI every image ships as cli.js (`node cli.js COMMAND …`): keys, agencies and
 * status here, plus what the service adds (intake: import; aggregator: rebuild and its generation in
 * the status). The repository's npm scripts run the same code. Usage errors exit 2, failures 1.
 */
export function runAdminCli(
  argv: string[],
  service: { name: string; commands?: Record<string, AdminCliCommand>; statusLines?: StatusLines },
): void {
  const commands: Record<string, AdminCliCommand> = {
    keys: { usage: KEYS_USAGE, run: keysCommand },
    agencies: { usage: AGENCIES_USAGE, run: agenciesCommand },
    status: { usage: STATUS_USAGE, run: (args) => statusCommand(args, service.statusLines) },
    backup: { usage: BACKUP_USAGE, run: (args) => backupCommand(args, 'backup') },
    restore: { usage: BACKUP_USAGE, run: (args) => backupCommand(args, 'restore') },
    ...service.commands,
  };
  const usage = `Dossier Ledger administration (${service.name} image) — node cli.js COMMAND …

${[...new Set(Object.values(commands).map((c) => c.usage))].join('\n\n')}

MONGODB_URI and KAFKA_BROKERS (and KAFKA_TOPIC_PREFIX) name the servers, as for the services.
Every change is audit-logged (admin_audit) as cli:USER@HOST, or cli:$DL_ADMIN_ACTOR when set.`;
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  Logger.overrideLogger(['error', 'warn']);
  runCli(command?.usage ?? usage, async () => {
    if (!command)
      throw new UsageError(
        name && name !== 'help' && name !== '--help' ? `Unknown command ${name}` : 'No command given',
      );
    await command.run(rest);
  });
}
