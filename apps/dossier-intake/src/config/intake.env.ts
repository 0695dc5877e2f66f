import { DEFAULT_PORTS, portVariable } from '@dossier-ledger/platform';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** The intake service's environment (property names are the variable names), validated at start. */
export class IntakeEnv extends portVariable(DEFAULT_PORTS.intake) {
  /** Partition count of the dossier events topic when intake creates it (contracts' value otherwise). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  DOSSIER_EVENTS_PARTITIONS?: number;

  /** `off` runs no Kafka consumers (the bulk import and the benchmark's ceilings use that). */
  @IsIn(['on', 'off'])
  INTAKE_CONSUMERS: string = 'on';

  @IsInt()
  @Min(50)
  DOSSIER_LOG_FLUSH_MS: number = 1_000;

  /**
   * The dossier log's database; unset: the service's own. On FerretDB give the log its own (a database
   * there is one SQLite file with one writer, so the log's inserts stop queuing behind the event store's).
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,63}$/, {
    message: 'DOSSIER_LOG_DATABASE must be a database name: 1–63 of A–Z a–z 0–9 _ -',
  })
  DOSSIER_LOG_DATABASE?: string;

  @IsInt()
  @Min(1_000)
  OUTBOX_SWEEP_INTERVAL_MS: number = 30_000;

  /** Outbox entries older than this are finished by any instance's periodic sweep. */
  @IsInt()
  @Min(0)
  OUTBOX_SWEEP_MIN_AGE_MS: number = 60_000;

  /** Recently stored events kept in memory (≈ 0.6 kB each) to check re-sent ones without a store read; 0: none. */
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  RECENT_EVENTS_CACHE: number = 100_000;

  /** Test only: `after-store` kills the process (SIGKILL) right after the event store insert. */
  @IsOptional()
  @IsIn(['after-store'])
  INTAKE_CRASH_POINT?: string;
}
