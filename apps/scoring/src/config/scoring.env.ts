import { DEFAULT_PORTS, portVariable } from '@dossier-ledger/platform';
import { IsInt, Matches, Max, Min } from 'class-validator';

/** Environment of the scoring service; property names are the variable names, validated at start. */
export class ScoringEnv extends portVariable(DEFAULT_PORTS.scoring) {
  /** Base URL of the report aggregator's HTTP API (`GET /v1/reports/dossiers`). Containers must set it. */
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'REPORT_API_URL must be an http:// or https:// URL' })
  REPORT_API_URL: string = 'http://127.0.0.1:3002';

  /** Timeout of one call to the report API. */
  @IsInt() @Min(100) @Max(120_000)
  REPORT_API_TIMEOUT_MS: number = 10_000;

  /** Report API calls in flight at once for one ranking (one call per ranked unit). */
  @IsInt() @Min(1) @Max(64)
  REPORT_API_CONCURRENCY: number = 8;

  @IsInt() @Min(0)
  API_KEY_CACHE_TTL_MS: number = 30_000;
}
