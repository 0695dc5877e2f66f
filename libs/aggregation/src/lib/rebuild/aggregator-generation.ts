import { TOPICS, type TopicSpec } from '@dossier-ledger/contracts';
import { TopicNames } from '@dossier-ledger/platform';
import type { mongo } from 'mongoose';

/**
 * A generation is one complete set of the aggregator's derived state: its checkpoint collections,
 * its counters topic and its consumer group. `npm run rebuild` builds generation n + 1 aside from
 * the running one and then switches reads to it. Generation 0 keeps the names of before rebuilds
 * existed, so existing deployments keep their state.
 */
export interface GenerationNames {
  generation: number;
  manifestCollection: string;
  /** Prefix of the per-partition chunk collections (`<chunkCollection>_p<partition>`). */
  chunkCollection: string;
  /** The counters topic spec of this generation (name without the deployment's topic prefix). */
  countersTopic: TopicSpec;
  groupId: string;
}

export function generationNames(generation: number, baseGroupId: string): GenerationNames {
  if (!Number.isInteger(generation) || generation < 0) throw new Error(`bad generation ${generation}`);
  if (generation === 0) {
    return {
      generation,
      manifestCollection: 'aggregator_manifests',
      chunkCollection: 'aggregator_chunks',
      countersTopic: TOPICS.reportCounters,
      groupId: baseGroupId,
    };
  }
  return {
    generation,
    manifestCollection: `aggregator_g${generation}_manifests`,
    chunkCollection: `aggregator_g${generation}_chunks`,
    countersTopic: { ...TOPICS.reportCounters, name: `${TOPICS.reportCounters.name}.g${generation}` },
    groupId: `${baseGroupId}.g${generation}`,
  };
}

/**
 * Topic names of one generation: the counters topic is the generation's own, every other topic is
 * shared. Provided in place of the global TopicNames, so the publisher, the reader and the topic
 * set-up of the app follow the generation without knowing about it.
 */
export class GenerationTopicNames extends TopicNames {
  constructor(
    prefix: string,
    readonly names: GenerationNames,
  ) {
    super(prefix);
  }

  override of(spec: TopicSpec): string {
    return super.of(spec.name === TOPICS.reportCounters.name ? this.names.countersTopic : spec);
  }
}

/** The `aggregator_generation` document: which generation serves, and the last number handed out. */
export interface GenerationDocument {
  _id: typeof ACTIVE_ID;
  generation: number;
  allocated: number;
  /** The generation active before this one: kept (a way back) until the next switch retires it. */
  previous?: number;
  switchedAt?: Date;
  /** What the rebuild that switched to it replayed (for people). */
  rebuild?: Record<string, unknown>;
}

export const GENERATION_COLLECTION = 'aggregator_generation';
const ACTIVE_ID = 'active';
const DUPLICATE_KEY = 11000;

/** Another rebuild allocated or switched in between: this one must not go on. */
export class GenerationConflictError extends Error {}

/**
 * The one `_id`-keyed document naming the active generation. Every running aggregator polls it
 * (`findOne({_id})`, FerretDB's indexed lookup); only rebuilds write it, with compare-and-swap.
 */
export class GenerationRepository {
  private readonly collection: mongo.Collection<GenerationDocument>;

  constructor(db: mongo.Db) {
    this.collection = db.collection<GenerationDocument>(GENERATION_COLLECTION);
  }

  async read(): Promise<GenerationDocument> {
    return (await this.collection.findOne({ _id: ACTIVE_ID })) ?? { _id: ACTIVE_ID, generation: 0, allocated: 0 };
  }

  /** A number no rebuild used before (a failed rebuild's leftovers never collide with the next). */
  async allocate(): Promise<{ active: number; allocated: number; previous?: number }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.collection.findOne({ _id: ACTIVE_ID });
      if (!current) {
        try {
          await this.collection.insertOne({ _id: ACTIVE_ID, generation: 0, allocated: 1 });
          return { active: 0, allocated: 1 };
        } catch (error) {
          if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
          continue;
        }
      }
      const allocated = Math.max(current.allocated, current.generation) + 1;
      const result = await this.collection.updateOne(
        { _id: ACTIVE_ID, allocated: current.allocated },
        { $set: { allocated } },
      );
      if (result.matchedCount === 1) return { active: current.generation, allocated, previous: current.previous };
    }
    throw new GenerationConflictError('could not allocate a generation number: another rebuild is allocating');
  }

  /** Switches reads from `from` to `to`; refuses when the active generation is not `from` any more. */
  async activate(from: number, to: number, rebuild: Record<string, unknown>): Promise<void> {
    const result = await this.collection.updateOne(
      { _id: ACTIVE_ID, generation: from },
      { $set: { generation: to, previous: from, switchedAt: new Date(), rebuild } },
    );
    if (result.matchedCount !== 1)
      throw new GenerationConflictError(`generation ${from} is not active any more: another rebuild switched`);
  }
}
