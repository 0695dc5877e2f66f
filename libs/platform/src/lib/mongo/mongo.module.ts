import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import mongoose, { type Connection, type mongo } from 'mongoose';
import { retryStartup } from '../lifecycle/startup-retry';

export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');
export const MONGO_DB = Symbol('MONGO_DB');

export interface MongoModuleOptions {
  uri: string;
  serverSelectionTimeoutMS?: number;
  /** How long reaching the server is retried at start (STARTUP_TIMEOUT_MS). */
  startupTimeoutMs?: number;
}

@Injectable()
class MongoConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(MONGO_CONNECTION) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * One MongoDB connection per process, exposed as the native driver's `Db` (MONGO_DB): repositories
 * use `_id`-keyed inserts and finds only (see docs/store.md on FerretDB). Start-up waits for the
 * server (retried with backoff), then fails naming it.
 */
@Global()
@Module({})
export class MongoModule {
  static forRoot(options: MongoModuleOptions): DynamicModule {
    return {
      module: MongoModule,
      providers: [
        {
          provide: MONGO_CONNECTION,
          useFactory: () => connectMongo(options),
        },
        {
          provide: MONGO_DB,
          inject: [MONGO_CONNECTION],
          useFactory: (connection: Connection): mongo.Db => connectionDb(connection),
        },
        MongoConnectionCloser,
      ],
      exports: [MONGO_CONNECTION, MONGO_DB],
    };
  }
}

export function connectionDb(connection: Connection): mongo.Db {
  if (!connection.db) throw new Error('MongoDB connection is not open');
  return connection.db;
}

/** One connection, retried while the server is not reachable yet (a pod starting beside its database). */
export function connectMongo(options: MongoModuleOptions): Promise<Connection> {
  return retryStartup(
    `connect to MongoDB at ${redactUri(options.uri)}`,
    async () => {
      const connection = mongoose.createConnection(options.uri, {
        serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
        autoIndex: false,
        bufferCommands: false,
      });
      try {
        return await connection.asPromise();
      } catch (error) {
        await connection.close().catch(() => undefined);
        throw error;
      }
    },
    { timeoutMs: options.startupTimeoutMs },
  );
}

/** The URI without its password, for logs. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
