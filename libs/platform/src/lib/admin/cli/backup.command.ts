import { connectCliMongo, parseArgs, UsageError } from '../../cli/cli-support';
import { backup, restore, type BackupReport } from '../../backup/backup';
import { createKafka } from '../../kafka/kafka-client';
import { connectionDb } from '../../mongo/mongo.module';

export const BACKUP_USAGE = `backup DIR     keys, agency mappings, manual inputs, audit log, the event store and the dossier
               events topic into DIR (NDJSON files); everything else is rebuilt from the events
restore DIR    into empty servers: the collections, then the events topic (same partitions, same
               order); start the services afterwards and they rebuild every projection`;

function describe(verb: string, dir: string, report: BackupReport): string {
  const parts = [
    ...Object.entries(report.collections).map(([name, n]) => `${name} ${n}`),
    ...Object.entries(report.topics).map(([name, n]) => `topic ${name} ${n}`),
  ];
  return `${verb} ${dir} in ${(report.ms / 1000).toFixed(1)} s: ${parts.join(', ')}`;
}

export async function backupCommand(argv: string[], mode: 'backup' | 'restore'): Promise<void> {
  const { positional } = parseArgs(argv);
  const [dir] = positional;
  if (!dir) throw new UsageError(`${mode} needs DIR`);
  const connection = await connectCliMongo();
  const kafka = createKafka(process.env['KAFKA_BROKERS'] || '127.0.0.1:9092', 'dossier-ledger-cli');
  const prefix = process.env['KAFKA_TOPIC_PREFIX'] ?? '';
  try {
    const db = connectionDb(connection);
    const report = mode === 'backup' ? await backup(db, kafka, prefix, dir) : await restore(db, kafka, prefix, dir);
    console.log(describe(mode === 'backup' ? 'Backed up to' : 'Restored from', dir, report));
  } finally {
    await connection.close();
  }
}
