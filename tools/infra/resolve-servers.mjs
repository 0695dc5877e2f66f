// The one place that decides where Kafka and the MongoDB-wire server come from, in this order:
// KAFKA_BROKERS / MONGODB_URI from the environment -> testcontainers when a container runtime
// exists -> the project's own local servers (tools/infra/local-servers.mjs).
import { ensureLocalServers, stopLocalServers } from './local-servers.mjs';

const NO_RUNTIME = 'Could not find a working container runtime strategy';

async function containerRuntimeAvailable(log) {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch (error) {
    if (String(error?.message ?? error).includes(NO_RUNTIME)) {
      log('servers: no container runtime found (testcontainers), using the local servers');
      return false;
    }
    throw error;
  }
}

async function startContainers(log) {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  log('servers: starting Kafka (KRaft) and MongoDB (replica set) with testcontainers');
  const [kafka, mongo] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.7.1').withKraft().start(),
    new MongoDBContainer('mongo:7.0').start(),
  ]);
  return {
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    mongoUri: `${mongo.getConnectionString()}/?directConnection=true`,
    source: 'testcontainers',
    stop: async () => Promise.all([kafka.stop(), mongo.stop()]),
  };
}

/**
 * @returns {Promise<{kafkaBrokers: string, mongoUri: string, source: string, stop: () => Promise<unknown>}>}
 */
export async function resolveServers({ log = console.log, env = process.env } = {}) {
  const fromEnv = { kafka: env.KAFKA_BROKERS, mongo: env.MONGODB_URI };
  if (fromEnv.kafka && fromEnv.mongo) {
    log(`servers: from the environment (KAFKA_BROKERS=${fromEnv.kafka}, MONGODB_URI=${fromEnv.mongo})`);
    return { kafkaBrokers: fromEnv.kafka, mongoUri: fromEnv.mongo, source: 'environment', stop: async () => undefined };
  }
  if (!fromEnv.kafka && !fromEnv.mongo && (await containerRuntimeAvailable(log))) return startContainers(log);

  const local = await ensureLocalServers({ log, kafka: !fromEnv.kafka, mongo: !fromEnv.mongo });
  const started = local.started.kafka || local.started.mongo;
  log(
    `servers: local Kafka ${fromEnv.kafka ?? local.kafkaBrokers} and FerretDB ${fromEnv.mongo ?? local.mongoUri}` +
      (started ? ' (started for this run)' : ' (already running)'),
  );
  return {
    kafkaBrokers: fromEnv.kafka ?? local.kafkaBrokers,
    mongoUri: fromEnv.mongo ?? local.mongoUri,
    source: 'local',
    // Only stop what this run started: a developer's `npm run infra:up` stays up.
    stop: started ? () => stopLocalServers({ log }) : async () => undefined,
  };
}
