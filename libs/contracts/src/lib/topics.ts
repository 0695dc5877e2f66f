/** Every Kafka topic the system owns, with the settings it is created with. */
export interface TopicSpec {
  name: string;
  partitions: number;
  config: Record<string, string>;
}

const KEEP_FOREVER = { 'retention.ms': '-1', 'cleanup.policy': 'delete' };

export const TOPICS = {
  /** Canonical, validated, deduplicated events keyed by dossierId: the source of every projection. */
  dossierEvents: { name: 'dossier.events.v1', partitions: 8, config: KEEP_FOREVER },
  /** Raw canonical events produced directly by sources (header `source`); intake validates them. */
  intakeRaw: { name: 'dossier.intake.v1', partitions: 4, config: { 'retention.ms': String(7 * 24 * 3600 * 1000) } },
  /** Records from intakeRaw that failed validation, with the reason in headers; kept 90 days (docs/operations.md). */
  intakeDeadLetter: {
    name: 'dossier.intake.dlq.v1',
    partitions: 1,
    config: { 'retention.ms': String(90 * 24 * 3600 * 1000), 'cleanup.policy': 'delete' },
  },
  /** Units and days whose figures changed, for live views and scoring. */
  reportUpdated: { name: 'report.updated.v1', partitions: 1, config: { 'retention.ms': String(24 * 3600 * 1000) } },
  /** Scores recomputed by the scoring service (key `${ruleSet}|${unitCode}`). */
  scoreUpdated: { name: 'score.updated.v1', partitions: 1, config: { 'retention.ms': String(7 * 24 * 3600 * 1000) } },
  /**
   * Absolute values of the aggregator's counter chunks, key `${eventsPartition}|${chunkKey}`, value
   * `{offset, chunk}`: every aggregator replica reads it whole to merge the partitions' counters.
   */
  reportCounters: {
    name: 'report.counters.v1',
    partitions: 8,
    config: {
      'cleanup.policy': 'compact',
      'max.message.bytes': String(8 * 1024 * 1024),
      'min.cleanable.dirty.ratio': '0.2',
    },
  },
} as const satisfies Record<string, TopicSpec>;

export const KAFKA_HEADERS = {
  source: 'source',
  correlationId: 'x-correlation-id',
  deadLetterReason: 'x-dead-letter-reason',
} as const;
