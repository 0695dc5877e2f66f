import type { INestApplicationContext } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { enableGracefulShutdown } from './graceful-shutdown';

function fakeApp(close: () => Promise<void>): INestApplicationContext {
  return { close } as unknown as INestApplicationContext;
}

/** Enables the shutdown on a stand-in for the process's signal events; resolves with the exit code. */
function enable(app: INestApplicationContext, timeoutMs?: number): { signals: EventEmitter; exited: Promise<number> } {
  const signals = new EventEmitter();
  const exited = new Promise<number>((exit) => enableGracefulShutdown(app, { signalSource: signals, exit, timeoutMs }));
  return { signals, exited };
}

describe('enableGracefulShutdown', () => {
  it('closes the app once on SIGTERM (repeated or followed by SIGINT) and exits 0', async () => {
    const close = jest.fn().mockResolvedValue(undefined);
    const { signals, exited } = enable(fakeApp(close));
    signals.emit('SIGTERM', 'SIGTERM');
    signals.emit('SIGTERM', 'SIGTERM');
    signals.emit('SIGINT', 'SIGINT');
    expect(await exited).toBe(0);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('exits 1 when closing fails', async () => {
    const { signals, exited } = enable(fakeApp(() => Promise.reject(new Error('store gone'))));
    signals.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(1);
  });

  it('exits 1 when closing outlasts the timeout', async () => {
    const { signals, exited } = enable(
      fakeApp(() => new Promise(() => undefined)),
      10,
    );
    signals.emit('SIGTERM', 'SIGTERM');
    expect(await exited).toBe(1);
  });

  it('stops listening when the app is closed another way', async () => {
    const app = fakeApp(jest.fn().mockResolvedValue(undefined));
    const { signals } = enable(app);
    expect(signals.listenerCount('SIGTERM')).toBe(1);
    await app.close();
    expect([signals.listenerCount('SIGTERM'), signals.listenerCount('SIGINT')]).toEqual([0, 0]);
  });
});
