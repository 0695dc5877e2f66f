// The administration CLI in the scoring image: node cli.js keys|agencies|status|retention|targets …
// (kubectl exec, or the Job in k8s/admin/admin-cli-job.yaml; docs/operations.md).
import 'reflect-metadata';
import { runAdminCli } from '@dossier-ledger/platform';
import { RETENTION_USAGE, retentionCommand } from './retention/retention.command';
import { TARGETS_USAGE, targetsCommand } from './targets/targets.command';

runAdminCli(process.argv.slice(2), {
  name: 'scoring',
  commands: {
    retention: { usage: RETENTION_USAGE, run: retentionCommand },
    targets: { usage: TARGETS_USAGE, run: targetsCommand },
  },
});
