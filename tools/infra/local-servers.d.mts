// Types for local-servers.mjs (for TypeScript callers such as jest globalSetup).

export declare const KAFKA_VERSION: string;
export declare const FERRETDB_VERSION: string;

export type Log = (message: string) => void;

export interface EnsureLocalServersOptions {
  /** Progress messages; default console.log. */
  log?: Log;
  /** Start the Kafka broker; default true. */
  kafka?: boolean;
  /** Start FerretDB; default true. */
  mongo?: boolean;
  /** Readiness timeout per server after start; default 90 000 ms. */
  timeoutMs?: number;
}

export interface LocalServers {
  /** e.g. '127.0.0.1:9092' */
  kafkaBrokers: string;
  /** e.g. 'mongodb://127.0.0.1:27017/' */
  mongoUri: string;
  /** Which servers this call started (false: already running, or not requested). */
  started: { kafka: boolean; mongo: boolean };
}

export interface LocalServerStatus {
  name: 'kafka' | 'ferretdb';
  state: 'running' | 'stopped' | 'stale' | 'external';
  pid?: number;
  port: number;
  portOpen: boolean;
  installed: boolean;
  logFile: string;
  url: string;
}

export declare function ensureLocalServers(options?: EnsureLocalServersOptions): Promise<LocalServers>;
export declare function stopLocalServers(options?: { log?: Log; kafka?: boolean; mongo?: boolean }): Promise<void>;
export declare function resetLocalServers(options?: { log?: Log }): Promise<void>;
export declare function statusLocalServers(options?: { log?: Log }): Promise<LocalServerStatus[]>;
export declare function installLocalServers(options?: {
  log?: Log;
  kafka?: boolean;
  mongo?: boolean;
}): Promise<{ kafka: boolean; mongo: boolean }>;
export declare function isPortOpen(port: number, host?: string, timeoutMs?: number): Promise<boolean>;
export declare function localServersConfig(env?: NodeJS.ProcessEnv): {
  repoRoot: string;
  root: string;
  logs: string;
  run: string;
  lockFile: string;
  kafka: {
    name: 'kafka';
    port: number;
    controllerPort: number;
    pom: string;
    home: string;
    libs: string;
    marker: string;
    data: string;
    properties: string;
    log4j: string;
    clusterIdFile: string;
    logFile: string;
    installLog: string;
    pidFile: string;
    brokers: string;
  };
  mongo: {
    name: 'ferretdb';
    port: number;
    src: string;
    bin: string;
    hashFile: string;
    data: string;
    logFile: string;
    installLog: string;
    pidFile: string;
    uri: string;
  };
};
