import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../http/api-error';
import { bearerToken, type ApiKeyRole } from './api-key-format';
import { ApiKeyVerifier, InvalidApiKeyError } from './api-key-verifier';
import { KeyRateLimiter } from './key-rate-limiter';
import type { RequestWithPrincipal } from './principal';

export const ROLES_KEY = 'dossier-ledger:roles';

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly verifier: ApiKeyVerifier,
    private readonly reflector: Reflector,
    private readonly rateLimiter: KeyRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IncomingMessage & RequestWithPrincipal>();
    const principal = await this.verifier.verify(bearerToken(request.headers.authorization)).catch((error: unknown) => {
      if (error instanceof InvalidApiKeyError) throw new ApiError(401, error.message);
      throw error;
    });
    const required =
      this.reflector.getAllAndOverride<ApiKeyRole[] | undefined>(ROLES_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const wait = this.rateLimiter.take(principal.keyId);
    if (wait > 0) {
      context.switchToHttp().getResponse<ServerResponse>().setHeader('Retry-After', String(wait));
      const { perSecond, burst } = this.rateLimiter.limit;
      throw new ApiError(
        429,
        `Key ${principal.keyId} sent more than ${perSecond} requests/s (burst ${burst}); retry after ${wait} s`,
      );
    }
    const missing = required.filter((role) => !principal.roles.includes(role));
    if (missing.length > 0) throw new ApiError(403, `Key ${principal.keyId} lacks the role ${missing.join(', ')}`);
    request.principal = principal;
    return true;
  }
}
