import type { mongo } from 'mongoose';

const CHECK_TIMEOUT_MS = 3_000;

/** `promise`, or a rejection naming `what` when it has not settled within the readiness timeout. */
export function withCheckTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The store's readiness: 'up', or why it is not. */
export async function pingMongo(db: mongo.Db): Promise<string> {
  try {
    await withCheckTimeout(db.command({ ping: 1 }), 'MongoDB ping');
    return 'up';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
