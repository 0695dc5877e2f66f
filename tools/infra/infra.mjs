#!/usr/bin/env node
// Local Kafka + FerretDB (MongoDB wire protocol) without Docker.
//   node tools/infra/infra.mjs up|down|status|reset      (npm run infra:up|down|status|reset)
//   node tools/infra/infra.mjs up|down kafka|ferretdb    (one server: the outage chaos trials)
// See tools/infra/local-servers.mjs for what it installs and where (.local/, or $DL_LOCAL_DIR).

import {
  ensureLocalServers,
  localServersConfig,
  resetLocalServers,
  statusLocalServers,
  stopLocalServers,
} from './local-servers.mjs';

const USAGE = `usage: node tools/infra/infra.mjs <command>

  up [kafka|ferretdb]    install on first use, start Kafka and FerretDB (if not running), wait until ready
  down [kafka|ferretdb]  stop both servers, or the one named (SIGTERM, then SIGKILL after 15 s)
  status                 show each server's state, PID, port and log file
  reset                  down, then delete their data (.local/kafka/data, .local/ferretdb/data)

env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), MONGO_PORT (27017), DL_LOCAL_DIR (<repo>/.local)`;

const log = (msg) => console.log(`[infra] ${msg}`);

/** Which servers a command is about: both, or the one named. */
function only(name) {
  if (name === undefined) return { kafka: true, mongo: true };
  if (name === 'kafka') return { kafka: true, mongo: false };
  if (name === 'ferretdb') return { kafka: false, mongo: true };
  throw new Error(`unknown server '${name}' (kafka or ferretdb)`);
}

async function main(command, server) {
  switch (command) {
    case 'up': {
      const t0 = Date.now();
      const { kafkaBrokers, mongoUri } = await ensureLocalServers({ log, ...only(server) });
      log(`up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      console.log(`KAFKA_BROKERS=${kafkaBrokers}`);
      console.log(`MONGODB_URI=${mongoUri}`);
      return 0;
    }
    case 'down':
      await stopLocalServers({ log, ...only(server) });
      return 0;
    case 'reset':
      await resetLocalServers({ log });
      log('data wiped; next `up` starts from empty Kafka and FerretDB');
      return 0;
    case 'status': {
      const cfg = localServersConfig();
      const rows = await statusLocalServers({ log });
      for (const s of rows) {
        const state =
          s.state === 'external'
            ? 'port in use by a process not started here'
            : s.state === 'stale'
              ? 'stopped (stale PID file removed)'
              : s.state;
        console.log(
          `${s.name.padEnd(9)} ${state.padEnd(8)}  pid ${String(s.state === 'running' ? s.pid : '-').padEnd(7)} ` +
            `port ${s.port} ${s.portOpen ? '(listening)' : '(closed)   '}  ${s.url}  ` +
            `log ${s.logFile}${s.installed ? '' : '  [not installed yet]'}`,
        );
      }
      console.log(`data root: ${cfg.root}`);
      return 0;
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`unknown command '${command}'\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv[2], process.argv[3]).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[infra] ${process.argv[2]} failed:\n${err?.message ?? err}`);
    process.exit(1);
  },
);
