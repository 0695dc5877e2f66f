import { connectCliMongo, connectionDb, describeRetention, retentionOptions } from '@dossier-ledger/platform';
import { applyScoreRetention, SCORE_RETENTION_DAYS } from './score.retention';

export const RETENTION_USAGE = `retention [--apply] [--days N]
      stored scores: deletes superseded versions (not the newest of a rule set, unit and window)
      computed more than N days ago (default ${SCORE_RETENTION_DAYS}). Dry run without --apply.`;

export async function retentionCommand(argv: string[]): Promise<void> {
  const { apply, days } = retentionOptions(argv, SCORE_RETENTION_DAYS);
  const connection = await connectCliMongo();
  try {
    console.log(describeRetention(await applyScoreRetention(connectionDb(connection), { days, apply }), apply));
  } finally {
    await connection.close();
  }
}
