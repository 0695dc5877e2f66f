import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

/**
 * kafkajs warnings that describe this system's normal operation, demoted to info:
 * - the idempotent producer's retries are bounded on purpose: exactly-once rests on the intake's
 *   journal and the projections' checkpoints (docs/architecture.md), not on infinite producer retries;
 * - producers choose their partitioner explicitly where it matters (the dossier id as key);
 * - a consumer group rebalances whenever a replica joins or leaves.
 */
const EXPECTED_WARNINGS = [
  'Limiting retries for the idempotent producer',
  'KafkaJS v2.0.0 switched default partitioner',
  'The group is rebalancing, re-joining',
];

/** Broker answers that kafkajs logs as connection errors although the client handles them: a heartbeat during a rebalance. */
const EXPECTED_RESPONSE_ERRORS = ['The group is rebalancing, so a rejoin is needed'];

const LABELS: Record<number, string> = {
  [logLevel.ERROR]: 'ERROR',
  [logLevel.WARN]: 'WARN',
  [logLevel.INFO]: 'INFO',
  [logLevel.DEBUG]: 'DEBUG',
};

/** kafkajs' JSON lines on stderr, at `threshold` and above, with the expected warnings demoted to info. */
export function kafkaLogCreator(threshold: logLevel): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp, ...extra } = log;
      const expected =
        (level === logLevel.WARN && EXPECTED_WARNINGS.some((text) => message.startsWith(text))) ||
        (level === logLevel.ERROR && EXPECTED_RESPONSE_ERRORS.includes(String(extra['error'])));
      const effective = expected ? logLevel.INFO : level;
      if (effective === logLevel.NOTHING || effective > threshold) return;
      process.stderr.write(
        `${JSON.stringify({ level: LABELS[effective], timestamp, logger: 'kafkajs', namespace, message, ...extra })}\n`,
      );
    };
}
