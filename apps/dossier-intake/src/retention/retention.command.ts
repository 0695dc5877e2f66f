import {
  connectCliMongo,
  connectionDb,
  createKafka,
  describeRetention,
  retentionOptions,
} from '@dossier-ledger/platform';
import {
  alignDeadLetterRetention,
  applyDossierLogRetention,
  DOSSIER_LOG_RETENTION_DAYS,
} from './dossier-log.retention';
import { dossierLogDb } from '../dossier-log/dossier-log.repository';

export const RETENTION_USAGE = `retention [--apply] [--days N]
      the dossier log (in DOSSIER_LOG_DATABASE when set): deletes the chunks of dossiers idle for N days (default ${DOSSIER_LOG_RETENTION_DAYS});
      the dead-letter topic: sets its retention.ms to the declared one. Dry run without --apply.`;

export async function retentionCommand(argv: string[]): Promise<void> {
  const { apply, days } = retentionOptions(argv, DOSSIER_LOG_RETENTION_DAYS);
  const connection = await connectCliMongo();
  const admin = createKafka(process.env['KAFKA_BROKERS'] || '127.0.0.1:9092', 'dossier-ledger-cli').admin();
  await admin.connect();
  try {
    const logDb = dossierLogDb(connectionDb(connection), process.env['DOSSIER_LOG_DATABASE'] || undefined);
    const report = await applyDossierLogRetention(logDb, { days, apply });
    console.log(describeRetention(report, apply));
    console.log(await alignDeadLetterRetention(admin, process.env['KAFKA_TOPIC_PREFIX'] ?? '', apply));
  } finally {
    await admin.disconnect();
    await connection.close();
  }
}
