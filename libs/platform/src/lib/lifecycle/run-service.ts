/**
 * A service's entry point: runs `bootstrap` and, when start-up fails (a bad variable, a server
 * still unreachable after STARTUP_TIMEOUT_MS, a step that cannot succeed), writes one fatal JSON
 * log line naming the service and the cause — what `npm start` and `kubectl logs` show — then
 * exits 1.
 */
export function runService(service: string, bootstrap: () => Promise<void>): void {
  bootstrap().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const stack = error instanceof Error ? error.stack : undefined;
    console.error(
      JSON.stringify({ level: 60, time: Date.now(), msg: `${service} could not start: ${message}`, stack }),
    );
    process.exit(1);
  });
}

/** The line that tells an operator where the service answers. */
export function logListening(service: string, port: number): void {
  console.log(
    JSON.stringify({
      level: 30,
      time: Date.now(),
      msg: `${service} listening on http://localhost:${port} (OpenAPI at /docs)`,
    }),
  );
}
