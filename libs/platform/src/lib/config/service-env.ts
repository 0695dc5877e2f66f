import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

/** Fixed local ports; each one can be overridden by its variable. */
export const DEFAULT_PORTS = { dashboard: 3000, intake: 3001, reportAggregator: 3002, scoring: 3003 } as const;

const BROKER_LIST = /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/;

/** Variables every service reads. Property names are the environment variable names. */
export class ServiceEnv {
  @Matches(BROKER_LIST, { message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'MONGODB_URI must be a mongodb:// or mongodb+srv:// URI' })
  MONGODB_URI: string = 'mongodb://127.0.0.1:27017/dossier-ledger';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsString()
  KAFKA_CLIENT_ID: string = 'dossier-ledger';
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
