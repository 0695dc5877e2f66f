import { DEFAULT_PORTS, portVariable } from '@dossier-ledger/platform';
import { IsInt, IsString, Max, Min } from 'class-validator';

/** Environment of the report aggregator; property names are the variable names. */
export class AggregatorEnv extends portVariable(DEFAULT_PORTS.reportAggregator) {
  @IsString()
  KAFKA_GROUP_ID: string = 'report-aggregator';

  /** Period of the publication of changed counter chunks (and of the checkpoint check). */
  @IsInt()
  @Min(20)
  @Max(60_000)
  PUBLISH_INTERVAL_MS: number = 200;

  /** A partition is checkpointed when events since its last checkpoint ≥ this × (changed chunks + 1). */
  @IsInt()
  @Min(1)
  @Max(10_000)
  CHECKPOINT_EVENTS_PER_WRITE: number = 20;

  /** …or when that many events are unsaved (bounds the replay after a crash)… */
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  CHECKPOINT_MAX_REPLAY_EVENTS: number = 500_000;

  /** …or when its oldest unsaved event is this old. */
  @IsInt()
  @Min(100)
  @Max(30 * 86_400_000)
  CHECKPOINT_MAX_INTERVAL_MS: number = 7 * 86_400_000;

  /** Revoked / shut-down partitions get a final checkpoint when it writes at most this many chunks. */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  CHECKPOINT_REVOKE_MAX_CHUNKS: number = 1_000;

  /** Chunks no checkpoint references any more are deleted in batches of this many (one scan each on FerretDB)… */
  @IsInt()
  @Min(1)
  @Max(100_000)
  GARBAGE_BATCH_CHUNKS: number = 500;

  /** …or when the oldest has waited this long. */
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  GARBAGE_MAX_AGE_MS: number = 600_000;

  /** Dossiers per dossier-state chunk. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  STATE_CHUNK_DOSSIERS: number = 32;

  /**
   * Days of event time an ended dossier (refused, returned, withdrawn, or resolved with its result
   * handed back) must go without events before it leaves memory for the archive; 0 disables
   * archiving. Why 30: docs/architecture.md ("What lives in memory").
   */
  @IsInt()
  @Min(0)
  @Max(3650)
  ARCHIVE_SETTLE_DAYS: number = 30;

  /** Smallest archive sweep (dossiers of a partition leaving memory with one checkpoint). */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  ARCHIVE_MIN_DOSSIERS: number = 500;

  /**
   * Worker threads a rebuild spreads the partitions over (`npm run rebuild -- --workers N`); 1 replays
   * in the CLI's own thread. A rebuild from the event store always uses one.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  REBUILD_WORKERS: number = 1;

  /**
   * Months before the event clock's month whose counters stay as rows in memory; older months are
   * kept compressed (docs/architecture.md, "What lives in memory").
   */
  @IsInt()
  @Min(0)
  @Max(120)
  COUNTER_HOT_MONTHS: number = 2;

  /** How often the active generation (`aggregator_generation`, switched by `npm run rebuild`) is read. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  GENERATION_POLL_MS: number = 5_000;
}

/** The projection options the variables give (the app, the rebuild and the benchmarks share them). */
export function projectionOptionsFromEnv(
  env: Pick<
    AggregatorEnv,
    'STATE_CHUNK_DOSSIERS' | 'ARCHIVE_SETTLE_DAYS' | 'ARCHIVE_MIN_DOSSIERS' | 'COUNTER_HOT_MONTHS'
  >,
): { dossiersPerChunk: number; archiveAfterMs: number | undefined; archiveMinDossiers: number; hotMonths: number } {
  return {
    dossiersPerChunk: env.STATE_CHUNK_DOSSIERS,
    archiveAfterMs: env.ARCHIVE_SETTLE_DAYS === 0 ? undefined : env.ARCHIVE_SETTLE_DAYS * 86_400_000,
    archiveMinDossiers: env.ARCHIVE_MIN_DOSSIERS,
    hotMonths: env.COUNTER_HOT_MONTHS,
  };
}
