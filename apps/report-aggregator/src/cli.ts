// The administration CLI in the report-aggregator image: node cli.js keys|agencies|status|rebuild …
// (kubectl exec, or the Job in k8s/admin/admin-cli-job.yaml; docs/operations.md).
import 'reflect-metadata';
import { GenerationRepository } from '@dossier-ledger/aggregation';
import { runAdminCli } from '@dossier-ledger/platform';
import { REBUILD_USAGE, rebuildCommand } from './cli/rebuild.command';

runAdminCli(process.argv.slice(2), {
  name: 'report-aggregator',
  commands: { rebuild: { usage: REBUILD_USAGE, run: rebuildCommand } },
  statusLines: async (db) => {
    const generation = await new GenerationRepository(db).read();
    const previous = generation.previous !== undefined ? ` (previous ${generation.previous})` : '';
    const switched = generation.switchedAt ? `, switched ${generation.switchedAt.toISOString()}` : '';
    return [`Aggregator generation: ${generation.generation}${previous}${switched}`];
  },
});
