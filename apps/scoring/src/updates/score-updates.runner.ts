import { Logger } from '@nestjs/common';
import { parseReportUpdatedV1, type ScoreUpdatedV1 } from '@dossier-ledger/contracts';
import type { KafkaBatch, KafkaBatchReply } from '@dossier-ledger/platform';
import { RuleSetNotFoundError, type RuleSet, type RuleSetCatalog } from '@dossier-ledger/scoring-rules';
import type { UnitFiguresReader } from '../figures/unit-figures.reader';
import type { ScoreRecorder, Scored } from '../scores/score-recorder';
import { PendingScoreUpdates, type WindowUpdate } from './pending-score-updates';

/** Where `score.updated.v1` goes (Kafka in the service, a list in tests). */
export interface ScoreUpdatePublishPort {
  publish(updates: readonly ScoreUpdatedV1[]): Promise<void>;
}

export interface ScoreUpdatesOptions {
  /** Authorization header of the service's own report API key. */
  readonly authorization: string;
  /** A notification waits this long for repeats before its scores are recomputed. */
  readonly lingerMs: number;
  /** …unless this many (window, unit) pairs wait (bounds memory and one recomputation). */
  readonly maxPending: number;
}

export interface ScoreUpdatesClock {
  nowMs(): number;
  /** Today in Vietnam, YYYY-MM-DD. */
  today(): string;
}

export interface ScoreUpdatesStats {
  notifications: number;
  skipped: number;
  recomputations: number;
  scores: number;
  failures: number;
  pending: number;
  lastError: string | null;
}

/** A report-API answer that retrying cannot change (bad key, scope, unknown unit): the window is dropped. */
const isPermanent = (error: unknown): boolean =>
  [400, 401, 403, 404, 422].includes((error as { getStatus?: () => number }).getStatus?.() ?? 0);

/**
 * The `report.updated.v1` use case. Notifications are coalesced (`PendingScoreUpdates`) and acted on
 * after `lingerMs`: for each waiting window, the changed units' figures are read with one `by=child`
 * call per parent, scored with every rule set effective on the window's last day, stored (one
 * batched write per window) and published. Offsets are committed only once everything read before
 * them is stored and published, so a crash or a rebalance redoes work, never skips it; a redone
 * score replaces its stored document (same `_id`) and is published again (consumers get at least once).
 */
export class ScoreUpdatesRunner {
  private readonly log = new Logger(ScoreUpdatesRunner.name);
  private readonly pending = new PendingScoreUpdates();
  private readonly counts: Omit<ScoreUpdatesStats, 'pending'> = {
    notifications: 0,
    skipped: 0,
    recomputations: 0,
    scores: 0,
    failures: 0,
    lastError: null,
  };

  constructor(
    private readonly reader: UnitFiguresReader,
    private readonly recorder: ScoreRecorder,
    private readonly publisher: ScoreUpdatePublishPort,
    private readonly catalog: RuleSetCatalog,
    private readonly eraMatches: (era: string, onDate: string) => boolean,
    private readonly options: ScoreUpdatesOptions,
    private readonly clock: ScoreUpdatesClock,
  ) {}

  async applyBatch(batch: KafkaBatch): Promise<KafkaBatchReply> {
    const today = this.clock.today();
    for (const message of batch.messages) {
      const update = parseReportUpdatedV1(message.value);
      if (update === null) {
        this.counts.skipped++;
        this.log.warn(
          `skipped record ${batch.topic}/${batch.partition}@${message.offset}: not a report.updated.v1 value`,
        );
      } else {
        this.counts.notifications++;
        this.pending.add(update, today, this.eraMatches, this.clock.nowMs());
      }
    }
    const last = batch.messages.at(-1);
    if (last) this.pending.covered(batch.partition, (BigInt(last.offset) + 1n).toString());
    return this.pending.size >= this.options.maxPending ? this.flush() : {};
  }

  /** Acts on what has waited `lingerMs`; commits when nothing is left waiting. */
  async tick(): Promise<KafkaBatchReply> {
    if (this.pending.size > 0 && this.pending.ageMs(this.clock.nowMs()) < this.options.lingerMs) return {};
    return this.flush();
  }

  /** Partitions lost or shutdown: finish what waits if possible, then forget it (the next owner reads from the committed offset). */
  async revoke(): Promise<KafkaBatchReply> {
    const reply = await this.flush();
    this.pending.clear();
    return reply;
  }

  stats(): ScoreUpdatesStats {
    return { ...this.counts, pending: this.pending.size };
  }

  private async flush(): Promise<KafkaBatchReply> {
    for (const update of this.pending.updates()) {
      try {
        await this.recompute(update);
      } catch (error) {
        this.counts.failures++;
        this.counts.lastError = `${update.window.code} (${update.window.from}..${update.window.to}): ${error instanceof Error ? error.message : String(error)}`;
        if (!isPermanent(error)) {
          // The aggregator is down or slow: keep everything, retry on a later tick, commit nothing.
          this.log.warn(`recomputing ${this.counts.lastError}; retrying later`);
          return {};
        }
        this.log.error(`recomputing ${this.counts.lastError}; dropped`);
      }
      this.pending.done(update.window);
    }
    const commit = this.pending.takeCommits();
    return commit.length > 0 ? { commit } : {};
  }

  private async recompute({ window, units }: WindowUpdate): Promise<void> {
    const known = units.filter((code) => this.reader.unit(code, window.to) !== undefined);
    if (known.length < units.length)
      this.log.warn(
        `${window.code}: units unknown on ${window.to} skipped: ${units.filter((u) => !known.includes(u)).join(', ')}`,
      );
    const ruleSets = this.ruleSetsOn(window.to);
    if (known.length === 0 || ruleSets.length === 0) return;
    const reports = await this.reader.units(known, window, this.options.authorization);
    const { scored, unscored } = await this.recorder.record(reports, ruleSets, { strict: false });
    for (const { message } of unscored) this.log.warn(`${window.code}: ${message}`);
    await this.publisher.publish(scored.map(toScoreUpdated));
    this.counts.recomputations++;
    this.counts.scores += scored.length;
  }

  /** The version of every rule set effective on `onDate` (rule sets not in force then are left out). */
  private ruleSetsOn(onDate: string): RuleSet[] {
    return this.catalog.ids().flatMap((id) => {
      try {
        return [this.catalog.resolve(id, onDate)];
      } catch (error) {
        if (error instanceof RuleSetNotFoundError) return [];
        throw error;
      }
    });
  }
}

export function toScoreUpdated({ doc, score }: Scored): ScoreUpdatedV1 {
  return {
    schema: 'score.updated.v1',
    ruleSet: score.ruleSetId,
    ruleSetVersion: String(score.ruleSetVersion),
    unitCode: doc.unitCode,
    from: doc.from,
    to: doc.to,
    score: score.total,
    maxScore: score.maxPoints,
    scoreId: doc._id,
    computedAt: doc.computedAt.toISOString(),
  };
}
