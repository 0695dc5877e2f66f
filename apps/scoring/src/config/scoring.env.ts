import { DEFAULT_PORTS, portVariable } from '@dossier-ledger/platform';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Environment of the scoring service; property names are the variable names, validated at start. */
export class ScoringEnv extends portVariable(DEFAULT_PORTS.scoring) {
  /** Base URL of the report aggregator's HTTP API (`GET /v1/reports/dossiers`). Containers must set it. */
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'REPORT_API_URL must be an http:// or https:// URL' })
  REPORT_API_URL: string = 'http://127.0.0.1:3002';

  /** Timeout of one call to the report API. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  REPORT_API_TIMEOUT_MS: number = 10_000;

  /** Report API calls in flight at once for one ranking or one recomputation. */
  @IsInt()
  @Min(1)
  @Max(64)
  REPORT_API_CONCURRENCY: number = 8;

  /**
   * The service's own key (role `read`, scoped to the units it scores) for the report calls of the
   * `report.updated.v1` consumer. Unset: the consumer does not run (HTTP requests forward the caller's key).
   */
  @IsOptional()
  @Matches(/^dl_\S+$/, { message: 'REPORT_API_KEY must be an API key (dl_…)' })
  REPORT_API_KEY?: string;

  /** A notification waits this long for repeats before the scores it names are recomputed. */
  @IsInt()
  @Min(0)
  @Max(600_000)
  SCORE_UPDATE_LINGER_MS: number = 30_000;

  /** …unless this many (window, unit) pairs wait. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  SCORE_UPDATE_MAX_PENDING: number = 20_000;

  /** A directory of rule-set JSON files added to the bundled ones (new versions, or closing an open-ended one). */
  @IsOptional()
  @IsString()
  RULE_SETS_DIR?: string;

  @IsString()
  KAFKA_GROUP_ID: string = 'scoring';

  /** Manual inputs read are kept this long (0: read every time); a PUT on another replica shows within it. */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  MANUAL_INPUT_CACHE_TTL_MS: number = 30_000;

  /** The targets table is read again in the background when older than this (0: every time); a change shows within it. */
  @IsInt()
  @Min(0)
  @Max(600_000)
  TARGETS_CACHE_TTL_MS: number = 5_000;
}
