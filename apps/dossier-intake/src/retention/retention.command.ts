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
import { dossierLogDb, EMBEDDED_DOSSIER_LOG_DATABASE } from '../dossier-log/dossier-log.repository';

export const RETENTION_USAGE = `retention [--apply] [--days N]
      the dossier log (in DOSSIER_LOG_DATABASE; without MONGODB_URI, the embedded stack's ${EMBEDDED_DOSSIER_LOG_DATABASE}): deletes the chunks of dossiers idle for N days (default ${DOSSIER_LOG_RETENTION_DAYS});
      the dead-letter topic: sets its retention.ms to the declared one. Dry run without --apply.`;

export async function retentionCommand(argv: string[]): Promise<void> {
  const { apply, days } = retentionOptions(argv, DOSSIER_LOG_RETENTION_DAYS);
  const connection = await connectCliMongo();
  const admin = createKafka(process.env['KAFKA_BROKERS'] || '127.0.0.1:9092', 'dossier-ledger-cli').admin();
  await admin.connect();
  try {
    // As `npm start` runs it: on the embedded server (no MONGODB_URI) the log has a database of its own.
    const database =
      process.env['DOSSIER_LOG_DATABASE'] || (process.env['MONGODB_URI'] ? undefined : EMBEDDED_DOSSIER_LOG_DATABASE);
    const logDb = dossierLogDb(connectionDb(connection), database);
    const report = await applyDossierLogRetention(logDb, { days, apply });
    console.log(describeRetention(report, apply));
    console.log(await alignDeadLetterRetention(admin, process.env['KAFKA_TOPIC_PREFIX'] ?? '', apply));
  } finally {
    await admin.disconnect();
    await connection.close();
  }
}
