import { DEFAULT_PORTS } from '@dossier-ledger/platform';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const URL_RULE = /^https?:\/\/[^\s/]+(\/\S*)?$/;

/** Environment of the dashboard; property names are the variable names, validated at start. */
export class DashboardEnv {
  @IsInt({ message: 'PORT must be an integer' })
  @Min(1)
  @Max(65535)
  PORT: number = DEFAULT_PORTS.dashboard;

  /** The report aggregator (reports, exports, live stream, units). */
  @Matches(URL_RULE, { message: 'REPORT_API_URL must be an http:// or https:// URL' })
  REPORT_API_URL: string = 'http://127.0.0.1:3002';

  /** The scoring service (scores, explanations, rankings). */
  @Matches(URL_RULE, { message: 'SCORING_API_URL must be an http:// or https:// URL' })
  SCORING_API_URL: string = 'http://127.0.0.1:3003';

  /** The intake (events). */
  @Matches(URL_RULE, { message: 'INTAKE_API_URL must be an http:// or https:// URL' })
  INTAKE_API_URL: string = 'http://127.0.0.1:3001';

  /** Folder of the built page (index.html, app.js); default `web/` beside the bundle. */
  @IsOptional()
  @IsString()
  DASHBOARD_WEB_DIR?: string;

  /** Timeout of one proxied request that is not a stream. */
  @IsInt()
  @Min(100)
  @Max(300_000)
  API_TIMEOUT_MS: number = 30_000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}
