import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import type { Principal, RequestWithPrincipal } from './principal';

/** The principal ApiKeyGuard verified (use with @Roles). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new ApiError(401, 'Missing API key: send Authorization: Bearer <key>');
  return principal;
});
