import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { MONGO_DB } from '../mongo/mongo.module';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyVerifier } from './api-key-verifier';
import { ApiKeyRepository } from './api-key.repository';
import { KeyRateLimiter, type KeyRateLimit } from './key-rate-limiter';
import { UnitScopeChecker } from './unit-scope';

/** API keys (needs MongoModule): repository, verifier with its cache, the guard behind @Roles with its per-key rate limit, scope checks. */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: { cacheTtlMs?: number; rateLimit?: KeyRateLimit } = {}): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: ApiKeyRepository, inject: [MONGO_DB], useFactory: (db: mongo.Db) => new ApiKeyRepository(db) },
        {
          provide: ApiKeyVerifier,
          inject: [ApiKeyRepository],
          useFactory: (repo: ApiKeyRepository) => new ApiKeyVerifier(repo, options.cacheTtlMs),
        },
        { provide: UnitScopeChecker, useFactory: () => new UnitScopeChecker() },
        { provide: KeyRateLimiter, useValue: new KeyRateLimiter(options.rateLimit ?? { perSecond: 0, burst: 1 }) },
        ApiKeyGuard,
      ],
      exports: [ApiKeyRepository, ApiKeyVerifier, UnitScopeChecker, KeyRateLimiter, ApiKeyGuard],
    };
  }
}
