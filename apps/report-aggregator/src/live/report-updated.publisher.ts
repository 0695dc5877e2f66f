import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type ReportUpdatedV1 } from '@dossier-ledger/contracts';
import { KAFKA, LazyProducer, TopicNames } from '@dossier-ledger/platform';
import type { Kafka } from 'kafkajs';
import { AggregatorEnv, ProjectionRunner } from '@dossier-ledger/aggregation';
import { MergedReadModel } from '../read-model/merged-read-model';
import type { CounterChange } from './counter-change';
import { ReportChangeHub } from './report-change-hub';
import { CoalescingTimer, UnitDayChanges, type ChangedUnitDays } from './unit-day-changes';

/** Bounds a message (~15 bytes a day): a catch-up after an import may change years of days in thousands of units. */
const MAX_DAYS_PER_MESSAGE = 20_000;

/** Splits one era's changes into messages of at most `maxDays` days (a unit is never split). */
export function splitChangedUnits(units: ChangedUnitDays, maxDays = MAX_DAYS_PER_MESSAGE): ChangedUnitDays[] {
  const parts: ChangedUnitDays[] = [];
  let part: ChangedUnitDays = {};
  let days = 0;
  for (const [unitCode, list] of Object.entries(units)) {
    if (days > 0 && days + list.length > maxDays) {
      parts.push(part);
      part = {};
      days = 0;
    }
    part[unitCode] = list;
    days += list.length;
  }
  if (days > 0) parts.push(part);
  return parts;
}

/**
 * Publishes `report.updated.v1` (key: era) for the counter changes of the events partitions this
 * replica owns: every replica's read model sees every change, the owner of the partition the
 * chunk came from is the one that announces it. Changes are gathered for one PUBLISH_INTERVAL_MS.
 *
 * At least once: a failed send is retried at the next interval. A change read while its partition
 * has no owner here (the owner's last publication before a rebalance is read after the revoke) is
 * held for one rebalance timeout: published if this replica gets the partition, else dropped — the
 * replica that gets it holds the same change and publishes it.
 */
@Injectable()
export class ReportUpdatedPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(ReportUpdatedPublisher.name);
  readonly topic: string;
  private readonly held = new Map<number, { changes: UnitDayChanges; since: number }>();
  private unsent = new UnitDayChanges();
  private readonly timer: CoalescingTimer;
  private readonly holdMs: number;
  private readonly producer: LazyProducer;
  private unsubscribe?: () => void;
  private flushing = false;
  private readonly counts = { messages: 0, failedSends: 0, droppedPartitionChanges: 0 };

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    topics: TopicNames,
    env: AggregatorEnv,
    private readonly hub: ReportChangeHub,
    private readonly runner: ProjectionRunner,
    private readonly readModel: MergedReadModel,
  ) {
    this.topic = topics.of(TOPICS.reportUpdated);
    this.producer = new LazyProducer(kafka);
    this.holdMs = env.KAFKA_REBALANCE_TIMEOUT_MS;
    this.timer = new CoalescingTimer(env.PUBLISH_INTERVAL_MS, () => void this.flush());
  }

  onModuleInit(): void {
    this.unsubscribe = this.hub.subscribe((change) => this.onChange(change));
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    this.timer.cancel();
    await this.flush();
    await this.producer.disconnect();
  }

  stats(): Record<string, number> {
    return { ...this.counts, heldPartitions: this.held.size };
  }

  private onChange(change: CounterChange): void {
    let entry = this.held.get(change.partition);
    if (!entry) this.held.set(change.partition, (entry = { changes: new UnitDayChanges(), since: Date.now() }));
    entry.changes.add(change.era, change.unitCode, change.days);
    this.timer.touch();
  }

  /** Sends the changes of owned partitions (and earlier failed ones); keeps the others for a while. */
  async flush(): Promise<void> {
    if (this.flushing) return this.timer.touch();
    this.flushing = true;
    try {
      const owned = new Set(this.runner.owned());
      const now = Date.now();
      const out = this.unsent;
      this.unsent = new UnitDayChanges();
      for (const [partition, entry] of this.held) {
        if (owned.has(partition)) {
          out.addAll(entry.changes);
          this.held.delete(partition);
        } else if (now - entry.since > this.holdMs) {
          this.held.delete(partition);
          this.counts.droppedPartitionChanges++;
        }
      }
      if (!out.isEmpty) await this.send(out);
    } finally {
      this.flushing = false;
    }
    if (this.held.size > 0 || !this.unsent.isEmpty) this.timer.touch();
  }

  private async send(changes: UnitDayChanges): Promise<void> {
    const publishedAt = new Date().toISOString();
    const covered = this.readModel.coveredOffsets();
    const messages: { key: string; value: string }[] = [];
    for (const [era, units] of changes.toWire()) {
      for (const part of splitChangedUnits(units)) {
        const value: ReportUpdatedV1 = { schema: TOPICS.reportUpdated.name, era, units: part, publishedAt, covered };
        messages.push({ key: era, value: JSON.stringify(value) });
      }
    }
    try {
      const producer = await this.producer.get();
      await producer.send({ topic: this.topic, acks: -1, messages });
      this.counts.messages += messages.length;
    } catch (error) {
      this.counts.failedSends++;
      this.unsent.addAll(changes);
      this.log.warn(
        `publishing ${messages.length} report.updated message(s) failed, will retry: ${(error as Error).message}`,
      );
    }
  }
}
