import { BaseRpcContext } from '@nestjs/microservices';

/** Controls a batch handler gets: per-message resolution, heartbeats inside long batches. */
export interface KafkaBatchControls {
  /** Marks the record as processed: the next fetch after a failure starts after it. */
  resolveOffset(offset: string): void;
  /**
   * Keeps the group membership alive; cheap (kafkajs throttles it to the heartbeat interval). When
   * the group is rebalancing it does not throw: `isStale()` turns true and the handler should stop.
   */
  heartbeat(): Promise<void>;
  /** False once the server is shutting down. */
  isRunning(): boolean;
  /** True when the rest of the batch must not be processed (seek, rebalance). */
  isStale(): boolean;
}

type KafkaBatchContextArgs = [topic: string, partition: number, controls: KafkaBatchControls];

export class KafkaBatchContext extends BaseRpcContext<KafkaBatchContextArgs> {
  getTopic(): string {
    return this.args[0];
  }

  getPartition(): number {
    return this.args[1];
  }

  getControls(): KafkaBatchControls {
    return this.args[2];
  }
}
