import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import mongoose, { type Connection, type mongo } from 'mongoose';

export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');
export const MONGO_DB = Symbol('MONGO_DB');

export interface MongoModuleOptions {
  uri: string;
  serverSelectionTimeoutMS?: number;
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
 * use `_id`-keyed inserts and finds only (see docs/store.md on FerretDB). Fails start-up when the server
 * cannot be reached.
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
          useFactory: () =>
            mongoose
              .createConnection(options.uri, {
                serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
                autoIndex: false,
                bufferCommands: false,
              })
              .asPromise(),
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
