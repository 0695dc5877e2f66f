import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSSASLAuthenticationError } from 'kafkajs';
import { isTransientStartupError, retryStartup, StartupError, startupErrorMessage } from './startup-retry';

/** A protocol error as the broker answers it (kafkajs builds these from the error code table). */
function brokerError(type: string, message: string, retriable = true): Error {
  return new KafkaJSProtocolError({ type, code: 3, retriable, message } as never);
}

/** A clock that only moves when the retry loop sleeps. */
function fakeClock() {
  let time = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => time,
    sleep: async (ms: number) => {
      slept.push(ms);
      time += ms;
    },
  };
}

/** kafkajs' typings declare no constructor arguments; the class takes the message like every KafkaJSError. */
const saslError = (): Error =>
  new (KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error)('SASL PLAIN authentication failed');

const quiet = { warn: () => undefined };

describe('isTransientStartupError', () => {
  it.each([
    [
      'unknown topic right after creation',
      brokerError('UNKNOWN_TOPIC_OR_PARTITION', 'This server does not host this topic-partition'),
    ],
    ['coordinator loading', brokerError('COORDINATOR_LOAD_IN_PROGRESS', 'The coordinator is loading')],
    ['leader not available', brokerError('LEADER_NOT_AVAILABLE', 'There is no leader for this topic-partition')],
    [
      'retries exhausted around a settling broker',
      new KafkaJSNumberOfRetriesExceeded(brokerError('UNKNOWN_TOPIC_OR_PARTITION', 'not hosted'), {
        retryCount: 5,
        retryTime: 100,
      }),
    ],
    [
      'no server selected',
      Object.assign(new Error('Server selection timed out'), { name: 'MongoServerSelectionError' }),
    ],
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
  ])('retries %s', (_, error) => expect(isTransientStartupError(error)).toBe(true));

  it.each([
    ['wrong credentials', saslError()],
    ['a refused authorization', brokerError('TOPIC_AUTHORIZATION_FAILED', 'Not authorized', false)],
    ['a malformed URI', Object.assign(new Error('Invalid scheme'), { name: 'MongoParseError' })],
    ['a programming error', new TypeError('x is not a function')],
  ])('does not retry %s', (_, error) => expect(isTransientStartupError(error)).toBe(false));
});

describe('startupErrorMessage', () => {
  it('names the broker error that kafkajs wrapped', () => {
    const wrapped = new KafkaJSNumberOfRetriesExceeded(
      brokerError('COORDINATOR_LOAD_IN_PROGRESS', 'The coordinator is loading'),
      {
        retryCount: 5,
        retryTime: 100,
      },
    );
    expect(startupErrorMessage(wrapped)).toContain('The coordinator is loading');
  });
});

describe('retryStartup', () => {
  it('retries transient failures with a doubling delay until the step succeeds', async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await retryStartup(
      'join group',
      async () => {
        calls++;
        if (calls < 4) throw brokerError('COORDINATOR_LOAD_IN_PROGRESS', 'The coordinator is loading');
        return 'joined';
      },
      { ...clock, log: quiet, initialDelayMs: 100, maxDelayMs: 300 },
    );
    expect(result).toBe('joined');
    expect(calls).toBe(4);
    expect(clock.slept).toEqual([100, 200, 300]);
  });

  it('fails at once, naming the step, on an error retrying cannot fix', async () => {
    const clock = fakeClock();
    const attempt = retryStartup(
      'connect to Kafka',
      async () => {
        throw saslError();
      },
      { ...clock, log: quiet },
    );
    await expect(attempt).rejects.toThrow(StartupError);
    await expect(attempt).rejects.toThrow(/connect to Kafka.*1 attempt.*authentication failed/);
    expect(clock.slept).toEqual([]);
  });

  it('gives up at the deadline with the last cause', async () => {
    const clock = fakeClock();
    const attempt = retryStartup(
      'connect to MongoDB',
      async () => {
        throw Object.assign(new Error('Server selection timed out'), { name: 'MongoServerSelectionError' });
      },
      { ...clock, log: quiet, timeoutMs: 5_000, initialDelayMs: 1_000, maxDelayMs: 1_000 },
    );
    await expect(attempt).rejects.toThrow(/connect to MongoDB.*Server selection timed out.*still failing after 5 s/);
    expect(clock.slept).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
  });
});
