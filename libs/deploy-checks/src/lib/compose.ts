import { parse } from 'yaml';
import { loadEnv } from '@dossier-ledger/platform';
import { AppFacts, envVariables, httpTarget, requiredVariables, RUNTIME_VARIABLES, serversUsed } from './workspace';

type Json = Record<string, unknown>;

export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | Json)[];
  volumes?: (string | Json)[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** compose.yaml as Docker Compose reads it: YAML merge keys (`<<:`) resolved. */
export function parseCompose(text: string): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile;
}

/** `${VAR:-default}` / `${VAR-default}` / `${VAR}` interpolated as Compose does with VAR unset. */
export function interpolate(value: string, env: Record<string, string | undefined> = {}): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g,
    (_, name, fallback) => env[name] ?? fallback ?? '',
  );
}

export function serviceEnvironment(service: ComposeService): Record<string, string> {
  const raw = service.environment ?? {};
  const pairs: [string, string][] = Array.isArray(raw)
    ? raw.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      })
    : Object.entries(raw).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(pairs.map(([key, value]) => [key, interpolate(value)]));
}

function dependsOn(service: ComposeService): Record<string, string | undefined> {
  const raw = service.depends_on ?? {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(raw).map(([name, spec]) => [name, spec?.condition]));
}

function healthcheckDefined(service: ComposeService): boolean {
  const test = service.healthcheck?.test;
  if (service.healthcheck?.disable) return false;
  if (Array.isArray(test)) return test.length > 0 && test[0] !== 'NONE';
  return typeof test === 'string' && test.trim() !== '';
}

function words(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : value.split(/\s+/);
}

function publishedPorts(service: ComposeService): { host: string; container: string }[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object')
      return { host: String(port['published'] ?? ''), container: String(port['target'] ?? '') };
    const parts = interpolate(String(port))
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    return { host: parts.length > 1 ? parts[parts.length - 2] : '', container: parts[parts.length - 1] };
  });
}

export interface ComposeExpectations {
  apps: readonly AppFacts[];
  healthPath: string;
  /** Services that must be healthy before an app that uses them (reads KAFKA_BROKERS / MONGODB_URI) starts. */
  infrastructure: { kafka: string; mongo: string };
  /** One-shot services (topics, indexes) that must have completed before an app that uses Kafka or MongoDB starts. */
  jobs: string[];
}

/** Everything wrong with docker/compose.yaml, as readable sentences (empty when it is fine). */
export function checkCompose(compose: ComposeFile, expected: ComposeExpectations): string[] {
  const problems: string[] = [];
  const services = compose.services ?? {};
  const { kafka, mongo } = expected.infrastructure;
  const declaredVolumes = new Set(Object.keys(compose.volumes ?? {}));

  for (const name of [kafka, mongo, ...expected.jobs]) if (!services[name]) problems.push(`no service ${name}`);

  // Kafka: KRaft, one node
  const kafkaEnv = services[kafka] ? serviceEnvironment(services[kafka]) : {};
  const roles = (kafkaEnv['KAFKA_PROCESS_ROLES'] ?? '').split(',').map((r) => r.trim());
  if (services[kafka]) {
    if (!roles.includes('broker') || !roles.includes('controller'))
      problems.push(
        `${kafka}: KAFKA_PROCESS_ROLES must be broker,controller (KRaft, one node), is ${kafkaEnv['KAFKA_PROCESS_ROLES'] ?? 'unset'}`,
      );
    if (!kafkaEnv['CLUSTER_ID']) problems.push(`${kafka}: CLUSTER_ID is required in KRaft mode`);
    if (!healthcheckDefined(services[kafka])) problems.push(`${kafka}: no healthcheck`);
  }
  const advertised = new Map(
    (kafkaEnv['KAFKA_ADVERTISED_LISTENERS'] ?? '')
      .split(',')
      .filter(Boolean)
      .map((l) => {
        const m = /^([A-Z_]+):\/\/(.*)$/.exec(l.trim());
        return [m?.[2] ?? l, m?.[1] ?? ''] as const;
      }),
  );

  // MongoDB: one-node replica set initiated by its health check
  const mongoCommand = words(services[mongo]?.command);
  const replSetAt = mongoCommand.indexOf('--replSet');
  const replSet = replSetAt >= 0 ? mongoCommand[replSetAt + 1] : undefined;
  if (services[mongo]) {
    if (!replSet) problems.push(`${mongo}: mongod must run with --replSet (a one-node replica set)`);
    const test = words(services[mongo].healthcheck?.test).join(' ');
    if (!/rs\.initiate\(/.test(test))
      problems.push(`${mongo}: the healthcheck must initiate the replica set (rs.initiate)`);
    if (!/isWritablePrimary|PRIMARY/.test(test))
      problems.push(`${mongo}: the healthcheck must wait until the node is primary`);
  }

  // data in named volumes
  for (const [name, service] of Object.entries(services)) {
    for (const volume of service.volumes ?? []) {
      const source = typeof volume === 'string' ? volume.split(':')[0] : String(volume['source'] ?? '');
      if (!/^[./~]/.test(source) && !declaredVolumes.has(source))
        problems.push(`${name}: volume ${source} is not declared under volumes:`);
    }
  }
  for (const name of [kafka, mongo]) {
    const named = (services[name]?.volumes ?? []).some(
      (v) => typeof v === 'string' && declaredVolumes.has(v.split(':')[0]),
    );
    if (services[name] && !named) problems.push(`${name}: its data is not in a named volume`);
  }

  for (const app of expected.apps) {
    const service = services[app.name];
    if (!service) {
      problems.push(`no service ${app.name}`);
      continue;
    }
    const where = `${app.name}:`;
    if (service.build?.dockerfile !== `docker/${app.name}.Dockerfile`)
      problems.push(
        `${where} build.dockerfile should be docker/${app.name}.Dockerfile, is ${service.build?.dockerfile}`,
      );
    if (service.build?.context !== '..') problems.push(`${where} build.context should be .. (the repository root)`);
    if (!publishedPorts(service).some((p) => p.container === String(app.port) && p.host === String(app.port)))
      problems.push(`${where} does not publish ${app.port}:${app.port}`);
    if (!healthcheckDefined(service)) problems.push(`${where} no healthcheck`);
    else if (!words(service.healthcheck?.test).includes('node'))
      problems.push(`${where} the healthcheck must run node (no curl in the image)`);

    const deps = dependsOn(service);
    const uses = serversUsed(app.envSchema);
    for (const infra of [...(uses.kafka ? [kafka] : []), ...(uses.mongo ? [mongo] : [])])
      if (deps[infra] !== 'service_healthy')
        problems.push(`${where} depends_on ${infra} must have condition service_healthy, has ${deps[infra] ?? 'none'}`);
    for (const job of uses.kafka || uses.mongo ? expected.jobs : [])
      if (deps[job] !== 'service_completed_successfully')
        problems.push(
          `${where} depends_on ${job} must have condition service_completed_successfully, has ${deps[job] ?? 'none'}`,
        );
    for (const [dep, condition] of Object.entries(deps)) {
      if (!services[dep]) problems.push(`${where} depends on ${dep}, which is not a service`);
      if (!condition) problems.push(`${where} depends_on ${dep} has no condition`);
    }

    // the variables the app really reads, with values it accepts
    const env = serviceEnvironment(service);
    const reads = envVariables(app.envSchema);
    for (const name of Object.keys(env))
      if (!reads.includes(name) && !RUNTIME_VARIABLES.includes(name))
        problems.push(`${where} sets ${name}, which the app does not read (it reads ${reads.join(', ')})`);
    for (const name of requiredVariables(app.envSchema))
      if (!(name in env)) problems.push(`${where} does not set ${name}`);
    if (env['PORT'] !== undefined && env['PORT'] !== String(app.port))
      problems.push(`${where} PORT=${env['PORT']} but the app's port is ${app.port}`);
    try {
      loadEnv(app.envSchema, env);
    } catch (error) {
      problems.push(`${where} the app would refuse its environment: ${(error as Error).message}`);
    }
    // URLs of other services (scoring's REPORT_API_URL): a compose service, on its app's port.
    for (const [name, value] of Object.entries(env)) {
      const target = httpTarget(value);
      const targetApp = expected.apps.find((a) => a.name === target?.host);
      if (target && !services[target.host])
        problems.push(`${where} ${name} points at ${target.host}, which is not a service`);
      else if (target && targetApp && target.port !== targetApp.port)
        problems.push(`${where} ${name} points at ${target.host}:${target.port}, which listens on ${targetApp.port}`);
    }
    for (const broker of (env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean)) {
      if (!advertised.has(broker))
        problems.push(
          `${where} KAFKA_BROKERS ${broker} is not an advertised listener of ${kafka} (${[...advertised.keys()].join(', ')})`,
        );
    }
    const uri = env['MONGODB_URI'];
    if (uri) {
      const url = new URL(uri);
      if (url.hostname !== mongo)
        problems.push(`${where} MONGODB_URI host ${url.hostname} is not the ${mongo} service`);
      if (replSet && url.searchParams.get('replicaSet') !== replSet)
        problems.push(
          `${where} MONGODB_URI replicaSet=${url.searchParams.get('replicaSet')} does not match mongod --replSet ${replSet}`,
        );
    }
  }
  return problems;
}
