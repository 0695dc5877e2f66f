// The administration CLI in the report-aggregator image: node cli.js keys|agencies|status|rebuild …
// (kubectl exec, or the Job in k8s/admin/admin-cli-job.yaml; docs/operations.md).
import 'reflect-metadata';
import { runAdminCli } from '@dossier-ledger/platform';
import { aggregatorStatusLines } from './cli/checkpoint-status';
import { REBUILD_USAGE, rebuildCommand } from './cli/rebuild.command';

runAdminCli(process.argv.slice(2), {
  name: 'report-aggregator',
  commands: { rebuild: { usage: REBUILD_USAGE, run: rebuildCommand } },
  statusLines: aggregatorStatusLines,
});
