import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { DEFAULT_PORTS, portVariable } from '@dossier-ledger/platform';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

export function repoPath(...parts: string[]): string {
  return join(REPO_ROOT, ...parts);
}

export function readRepoFile(...parts: string[]): string {
  return readFileSync(repoPath(...parts), 'utf8');
}

export type EnvSchema = new () => object;

/** What the deploy files must agree with about one app: its name, port and environment class. */
export interface AppFacts {
  /** Nx project name = folder under apps/ = image name = k8s Deployment / compose service name. */
  name: string;
  /** The app's default port (DEFAULT_PORTS in libs/platform): container port, probes, Service. */
  port: number;
  /** The class-validator class the app's main.ts loads its environment with. */
  envSchema: EnvSchema;
  /** Where envSchema comes from: `apps/…/x.ts#Class`, or the platform fallback for an app that does not call loadEnv yet. */
  envSource: string;
}

/**
 * The environment class an app really reads: the argument of `loadEnv(...)` in its main.ts, loaded
 * from the file main.ts imports it from (jest compiles it like any test import). An app whose
 * main.ts does not call loadEnv yet falls back to portVariable(its DEFAULT_PORTS entry).
 */
function appEnvironment(app: string, port: number): { envSchema: EnvSchema; envSource: string } {
  const mainFile = repoPath('apps', app, 'src', 'main.ts');
  const main = existsSync(mainFile) ? readFileSync(mainFile, 'utf8') : '';
  const className = /\bloadEnv\(\s*([A-Za-z_$][\w$]*)\s*[,)]/.exec(main)?.[1];
  const from = className
    ? new RegExp(`import\\s*\\{[^}]*\\b${className}\\b[^}]*\\}\\s*from\\s*'([^']+)'`).exec(main)?.[1]
    : undefined;
  if (!className || !from)
    return {
      envSchema: portVariable(port),
      envSource: `portVariable(${port}) (apps/${app}/src/main.ts calls no loadEnv(Class) from a local file)`,
    };
  const file = from.startsWith('.') ? resolve(dirname(mainFile), from) : workspaceLibraryEntry(from);
  const loaded = createRequire(__filename)(file) as Record<string, unknown>;
  const schema = loaded[className];
  if (typeof schema !== 'function') throw new Error(`apps/${app}/src/main.ts: ${className} is not exported by ${from}`);
  return {
    envSchema: schema as EnvSchema,
    envSource: `${relative(repoPath(), file).replace(/\.ts$/, '')}.ts#${className}`,
  };
}

/** The entry file of a workspace library (`@dossier-ledger/x`), from tsconfig.base.json's paths. */
function workspaceLibraryEntry(specifier: string): string {
  const base = JSON.parse(readFileSync(repoPath('tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const target = base.compilerOptions.paths[specifier]?.[0];
  if (!target) throw new Error(`${specifier} is not a workspace library (tsconfig.base.json paths)`);
  return repoPath(target);
}

const app = (name: string, port: number): AppFacts => ({ name, port, ...appEnvironment(name, port) });

export const APPS: readonly AppFacts[] = [
  app('dossier-intake', DEFAULT_PORTS.intake),
  app('report-aggregator', DEFAULT_PORTS.reportAggregator),
  app('scoring', DEFAULT_PORTS.scoring),
  app('dashboard', DEFAULT_PORTS.dashboard),
];

export const INTAKE = 'dossier-intake';
export const AGGREGATOR = 'report-aggregator';
export const DASHBOARD = 'dashboard';

/** The servers an app talks to besides the other apps: Kafka when it reads KAFKA_BROKERS, MongoDB when it reads MONGODB_URI. */
export function serversUsed(schema: EnvSchema): { kafka: boolean; mongo: boolean } {
  const reads = envVariables(schema);
  return { kafka: reads.includes('KAFKA_BROKERS'), mongo: reads.includes('MONGODB_URI') };
}
export const HEALTH_PATH = '/health';

/**
 * Variable names an app reads: the validated properties of its environment class (they are the
 * names), including optional ones without a default.
 */
export function envVariables(schema: EnvSchema): string[] {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(schema, '', true, false)
    .map((m) => m.propertyName);
  return [...new Set([...validated, ...Object.keys(new schema())])].sort();
}

/**
 * Variables a container must set: those whose defaults (the app's own class, e.g. scoring's
 * REPORT_API_URL) only make sense on a developer machine (127.0.0.1 servers and APIs, the fixed
 * local port). The others may be left to their defaults.
 */
export function requiredVariables(schema: EnvSchema): string[] {
  const local = new schema() as Record<string, unknown>;
  return envVariables(schema).filter(
    (name) => name === 'PORT' || /127\.0\.0\.1|localhost/.test(String(local[name] ?? '')),
  );
}

/** The address an http(s) URL value points at ({host, port} with the scheme's default port), undefined for other values. */
export function httpTarget(value: string): { host: string; port: number } | undefined {
  if (!/^https?:\/\//.test(value)) return undefined;
  const url = new URL(value);
  return { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
}

/** The metrics path every app serves (platform MetricsModule) and Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

/** Variables a container may set besides the app's own: read by Node itself. */
export const RUNTIME_VARIABLES = ['NODE_ENV', 'NODE_OPTIONS'];
