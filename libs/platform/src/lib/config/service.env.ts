import { IsIn, IsInt, IsNumber, IsString, Matches, Max, Min } from 'class-validator';
import { DEFAULT_STARTUP_TIMEOUT_MS } from '../lifecycle/startup-retry';

/** Fixed local ports; each one can be overridden by its variable. */
export const DEFAULT_PORTS = { dashboard: 3000, intake: 3001, reportAggregator: 3002, scoring: 3003 } as const;

const BROKER_LIST = /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/;

/**
 * Variables every service reads — the Kafka and MongoDB connection, the consumer-group timings,
 * the start-up patience — declared once with one set of bounds. Property names are the
 * environment variable names; each service's env class extends this one (via portVariable).
 */
export class ServiceEnv {
  @Matches(BROKER_LIST, { message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'MONGODB_URI must be a mongodb:// or mongodb+srv:// URI' })
  MONGODB_URI: string = 'mongodb://127.0.0.1:27017/dossier-ledger';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsString()
  KAFKA_CLIENT_ID: string = 'dossier-ledger';

  /** Prepended to every topic name (tests and benchmarks give each suite its own topics on a shared broker). */
  @Matches(/^[A-Za-z0-9._-]*$/, { message: 'KAFKA_TOPIC_PREFIX may hold letters, digits, . _ - only' })
  KAFKA_TOPIC_PREFIX: string = '';

  @IsInt()
  @Min(3000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS: number = 30_000;

  @IsInt()
  @Min(100)
  @Max(60_000)
  KAFKA_HEARTBEAT_INTERVAL_MS: number = 3_000;

  @IsInt()
  @Min(3000)
  @Max(600_000)
  KAFKA_REBALANCE_TIMEOUT_MS: number = 60_000;

  /** How long one start-up step (reach Kafka / MongoDB, create topics, join a group) is retried before the service exits. */
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  STARTUP_TIMEOUT_MS: number = DEFAULT_STARTUP_TIMEOUT_MS;

  /** How often the agency-mapping version is read (one `_id` read): a change reaches every running service within it. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  AGENCY_MAPPINGS_REFRESH_MS: number = 2_000;

  /** API keys read from the store are kept this long (a revocation shows within it); 0: read every time. */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  API_KEY_CACHE_TTL_MS: number = 30_000;

  /** A request must arrive whole (headers and body) within this time, else 408 and the connection is closed. */
  @IsInt({ message: 'HTTP_REQUEST_TIMEOUT_MS must be an integer' })
  @Min(100)
  HTTP_REQUEST_TIMEOUT_MS: number = 60_000;

  /** Requests per second per API key and instance (a token bucket); 0: no limit. Beyond: 429 with Retry-After. */
  @IsNumber({}, { message: 'API_RATE_LIMIT_PER_SECOND must be a number' })
  @Min(0)
  API_RATE_LIMIT_PER_SECOND: number = 500;

  /** Requests a key may send at once before the rate applies. */
  @IsInt({ message: 'API_RATE_LIMIT_BURST must be an integer' })
  @Min(1)
  API_RATE_LIMIT_BURST: number = 1_000;
}

/** What a service's environment asks of its API keys (AuthModule.forRoot): cache time and per-key rate limit. */
export function authOptionsOf(env: ServiceEnv): {
  cacheTtlMs: number;
  rateLimit: { perSecond: number; burst: number };
} {
  return {
    cacheTtlMs: env.API_KEY_CACHE_TTL_MS,
    rateLimit: { perSecond: env.API_RATE_LIMIT_PER_SECOND, burst: env.API_RATE_LIMIT_BURST },
  };
}

export function portVariable(defaultPort: number) {
  class PortEnv extends ServiceEnv {
    @IsInt({ message: 'PORT must be an integer' })
    @Min(1)
    @Max(65535)
    PORT: number = defaultPort;
  }
  return PortEnv;
}
