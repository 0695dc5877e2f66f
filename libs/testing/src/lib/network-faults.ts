import { FaultyTcpProxy } from './faulty-tcp-proxy';
import { isListening } from './server-outage';
import { testServers } from './test-servers';
import { setTimeout as sleep } from 'node:timers/promises';

/** Services routed through faulty proxies to Kafka and FerretDB, and the seeded faults between them. */
export interface NetworkFaults {
  /** The variables that send a service's Kafka and MongoDB traffic through the proxies. */
  variables(mongoUri: string): Record<string, string>;
  /** Injects seeded fault episodes until `done` settles, then heals the network; what it did, for the log. */
  injectUntil(done: Promise<unknown>): Promise<string[]>;
  /** Connections each proxy has forwarded: 0 would mean the services went around it. */
  readonly connections: { readonly kafka: number; readonly ferretdb: number };
  close(): Promise<void>;
}

/**
 * Proxies in front of the local Kafka (its PROXIED listener on KAFKA_PORT + 2, which tells clients
 * to come back through the proxy on KAFKA_PORT + 3, so every broker connection crosses it) and
 * FerretDB. Throws when the broker has no such listener (not the project's local servers): a
 * network trial never passes without its faults.
 */
export async function networkFaults(random: () => number): Promise<NetworkFaults> {
  const { kafkaBrokers, mongoUri } = testServers();
  const kafkaPort = Number(kafkaBrokers.split(',')[0].split(':').at(-1));
  if (!(await isListening(kafkaPort + 2)))
    throw new Error(
      `Kafka has no proxied listener on port ${kafkaPort + 2}: network trials need the project's local servers (tools/infra), restarted since it was added`,
    );
  const kafka = await FaultyTcpProxy.start(kafkaPort + 3, { host: '127.0.0.1', port: kafkaPort + 2 });
  const store = new URL(mongoUri);
  const mongo = await FaultyTcpProxy.start(0, { host: store.hostname, port: Number(store.port || 27017) });
  const proxies = { kafka, ferretdb: mongo };

  return {
    variables: (uri) => {
      const url = new URL(uri);
      url.host = mongo.address;
      return { KAFKA_BROKERS: kafka.address, MONGODB_URI: url.toString() };
    },
    injectUntil: async (done) => {
      let finished = false;
      void done.then(
        () => (finished = true),
        () => (finished = true),
      );
      const log: string[] = [];
      for (let episode = 0; !finished; episode++) {
        await sleep(200 + random() * 800);
        if (finished) break;
        const name = random() < 0.6 ? 'kafka' : 'ferretdb';
        const proxy = proxies[name];
        // The first three episodes are one of each kind, then any.
        const kind = episode < 3 ? episode / 3 + 0.1 : random();
        if (kind < 0.4) {
          const latency = Math.round(20 + random() * 230);
          const duration = Math.round(500 + random() * 2_000);
          proxy.setLatency(latency);
          await sleep(duration);
          proxy.setLatency(0);
          log.push(`${name} +${latency} ms for ${duration} ms`);
        } else if (kind < 0.75) {
          const duration = Math.round(300 + random() * 2_700);
          proxy.stall(duration);
          await sleep(duration);
          log.push(`${name} stalled ${duration} ms`);
        } else {
          log.push(`${name} reset (${proxy.resetAll()} connections)`);
        }
      }
      kafka.heal();
      mongo.heal();
      const connections = (p: FaultyTcpProxy) => `${p.stats.connections} connections`;
      return [...log, `through the proxies: kafka ${connections(kafka)}, ferretdb ${connections(mongo)}`];
    },
    get connections() {
      return { kafka: kafka.stats.connections, ferretdb: mongo.stats.connections };
    },
    close: async () => {
      await kafka.close();
      await mongo.close();
    },
  };
}
