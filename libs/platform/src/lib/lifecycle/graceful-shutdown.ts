import { Logger, type INestApplicationContext } from '@nestjs/common';

export interface GracefulShutdownOptions {
  signals?: NodeJS.Signals[];
  /**
   * Longest close before the process gives up with exit code 1. Below Kubernetes' 45 s grace
   * period minus the 5 s preStop sleep, so a stuck close still ends with our log line, not SIGKILL.
   */
  timeoutMs?: number;
  /** process.exit and the process's signal events, replaced in tests. */
  exit?: (code: number) => void;
  signalSource?: Pick<NodeJS.EventEmitter, 'on' | 'removeListener'>;
}

export const SHUTDOWN_TIMEOUT_MS = 35_000;

/**
 * On SIGTERM/SIGINT: `app.close()` — HTTP server closed first, then the microservices (the batch
 * consumer finishes its batch, checkpoints, commits and leaves its group), then the shutdown hooks
 * (producers, MongoDB) — and exit 0. Nest's own enableShutdownHooks() re-raises the signal after
 * closing, which ends the process "killed by SIGTERM" instead of exit code 0.
 */
export function enableGracefulShutdown(app: INestApplicationContext, options: GracefulShutdownOptions = {}): void {
  const log = new Logger('Shutdown');
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  const signals = options.signals ?? (['SIGTERM', 'SIGINT'] as NodeJS.Signals[]);
  const source = options.signalSource ?? process;
  const close = app.close.bind(app);
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log.log(`${signal}: closing (HTTP, consumers, connections)`);
    const started = Date.now();
    const timer = setTimeout(() => {
      log.error(`close did not finish within ${timeoutMs} ms; exiting`);
      exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => {
        clearTimeout(timer);
        log.log(`closed in ${Date.now() - started} ms`);
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        log.error(`close failed: ${error instanceof Error ? error.message : String(error)}`);
        exit(1);
      },
    );
  };
  for (const signal of signals) source.on(signal, onSignal);
  // Closed another way (tests, tools): stop listening, as Nest's own hooks do.
  app.close = async () => {
    for (const signal of signals) source.removeListener(signal, onSignal);
    return close();
  };
}
