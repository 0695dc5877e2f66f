import { Logger } from '@nestjs/common';

/** Longest a service keeps retrying one start-up step before it gives up (STARTUP_TIMEOUT_MS). */
export const DEFAULT_STARTUP_TIMEOUT_MS = 180_000;

/**
 * Kafka error types a broker answers while it is still settling: right after its start (the
 * offsets topic loads, the controller elects leaders) or right after a topic was created.
 */
const TRANSIENT_KAFKA_TYPES = new Set([
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
  'NOT_COORDINATOR',
  'REBALANCE_IN_PROGRESS',
  'REQUEST_TIMED_OUT',
  'NOT_ENOUGH_REPLICAS',
  'NETWORK_EXCEPTION',
]);

/** Client-side failures to reach a server: kafkajs gave up its own retries, or the driver found no server. */
const TRANSIENT_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSLockTimeout',
  'KafkaJSTimeout',
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
]);

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

interface ErrorLike {
  name?: string;
  type?: string;
  code?: string | number;
  retriable?: boolean;
  cause?: unknown;
  originalError?: unknown;
}

/** The error and what it wraps (kafkajs: `cause` / `originalError`), outermost first. */
function chain(error: unknown): ErrorLike[] {
  const links: ErrorLike[] = [];
  let current: unknown = error;
  while (current !== null && typeof current === 'object' && links.length < 10) {
    const link = current as ErrorLike;
    links.push(link);
    current = link.cause ?? link.originalError;
  }
  return links;
}

/**
 * True for errors a later attempt can get past: a server not (yet) reachable or still settling.
 * Wrong credentials, a malformed URI, a refused authorization stay fatal: retrying cannot help.
 */
export function isTransientStartupError(error: unknown): boolean {
  return chain(error).some(
    (link) =>
      (link.type !== undefined && TRANSIENT_KAFKA_TYPES.has(link.type)) ||
      (link.name !== undefined && TRANSIENT_NAMES.has(link.name)) ||
      (typeof link.code === 'string' && TRANSIENT_CODES.has(link.code)) ||
      (link.name?.startsWith('KafkaJS') === true && link.retriable === true && link.name !== 'KafkaJSError'),
  );
}

/** The innermost message of the chain: names the broker error kafkajs wrapped in "retries exceeded". */
export function startupErrorMessage(error: unknown): string {
  const links = chain(error);
  const messages = links.map((link) => (link as { message?: string }).message).filter((m): m is string => !!m);
  if (messages.length === 0) return String(error);
  const first = messages[0];
  const last = messages[messages.length - 1];
  return first === last ? first : `${first} (cause: ${last})`;
}

export interface StartupRetryOptions {
  /** Gives up (and rethrows) once this long has passed since the first attempt. */
  timeoutMs?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  log?: Pick<Logger, 'warn'>;
  /** Clock and sleep, replaced in unit tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Written straight to stdout as a JSON line: Nest buffers its logs until the app is created
 * (bufferLogs), and these lines matter most exactly then — while a module factory waits for Kafka.
 */
const startupLog: Pick<Logger, 'warn'> = {
  warn: (message: unknown) =>
    console.log(JSON.stringify({ level: 40, time: Date.now(), context: 'Startup', msg: String(message) })),
};

/** Thrown when a step kept failing transiently until the deadline, or failed for good. */
export class StartupError extends Error {
  constructor(
    readonly step: string,
    readonly attempts: number,
    readonly reason: string,
  ) {
    super(`start-up step "${step}" failed after ${attempts} attempt(s): ${reason}`);
    this.name = 'StartupError';
  }
}

/**
 * Runs one start-up step (connect, create topics, join a group…) until it succeeds, retrying
 * transient failures with exponential backoff (0.5 s doubling to 10 s) and a log line naming the
 * step and the cause, so a service waits for Kafka and MongoDB instead of exiting half-started.
 */
export async function retryStartup<T>(
  step: string,
  attempt: () => Promise<T>,
  options: StartupRetryOptions = {},
): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const log = options.log ?? startupLog;
  const timeoutMs = options.timeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const started = now();
  let delay = options.initialDelayMs ?? 500;
  for (let attempts = 1; ; attempts++) {
    try {
      return await attempt();
    } catch (error) {
      const reason = startupErrorMessage(error);
      if (!isTransientStartupError(error)) throw new StartupError(step, attempts, reason);
      const elapsed = now() - started;
      if (elapsed + delay > timeoutMs)
        throw new StartupError(step, attempts, `${reason} (still failing after ${Math.round(elapsed / 1000)} s)`);
      log.warn(`not ready: ${step} failed (${reason}); attempt ${attempts}, retrying in ${delay} ms`);
      await sleep(delay);
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
