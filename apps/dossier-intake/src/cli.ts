// The administration CLI in the dossier-intake image: node cli.js keys|agencies|status|import|retention …
// (kubectl exec, or the Job in k8s/admin/admin-cli-job.yaml; docs/operations.md).
import 'reflect-metadata';
import { runAdminCli } from '@dossier-ledger/platform';
import { IMPORT_USAGE, importCommand } from './cli/import.command';
import { RETENTION_USAGE, retentionCommand } from './retention/retention.command';

runAdminCli(process.argv.slice(2), {
  name: 'dossier-intake',
  commands: {
    import: { usage: IMPORT_USAGE, run: importCommand },
    retention: { usage: RETENTION_USAGE, run: retentionCommand },
  },
});
