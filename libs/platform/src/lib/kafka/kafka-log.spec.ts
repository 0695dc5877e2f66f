import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from './kafka-log';

describe('kafkaLogCreator', () => {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => lines.push(String(chunk)) > 0);
  });
  afterEach(() => jest.restoreAllMocks());

  const log = (level: logLevel, message: string, extra: Record<string, unknown> = {}) =>
    kafkaLogCreator(logLevel.WARN)(logLevel.WARN)({
      namespace: 'Consumer',
      level,
      label: 'WARN',
      log: { message, timestamp: '2026-01-01T00:00:00Z', groupId: 'g', ...extra },
    });

  it('writes warnings and errors as JSON lines with their fields', () => {
    log(logLevel.WARN, 'Connection timeout');
    log(logLevel.ERROR, 'Crash');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 'WARN', message: 'Connection timeout', groupId: 'g', namespace: 'Consumer' }),
      expect.objectContaining({ level: 'ERROR', message: 'Crash' }),
    ]);
  });

  it('demotes the warnings of normal operation below the threshold', () => {
    log(logLevel.WARN, 'The group is rebalancing, re-joining');
    log(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees');
    log(logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)', {
      error: 'The group is rebalancing, so a rejoin is needed',
    });
    log(logLevel.INFO, 'Consumer has joined the group');
    expect(lines).toEqual([]);
  });
});
