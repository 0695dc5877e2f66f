import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { ApiKeyRole } from './api-key-format';
import { ApiKeyGuard, ROLES_KEY } from './api-key.guard';

/** Requires a valid API key holding every listed role; sets `request.principal`. */
export function Roles(...roles: ApiKeyRole[]) {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    UseGuards(ApiKeyGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No key, an unknown key or a revoked key' }),
    ApiForbiddenResponse({ description: 'The key lacks the role, or a unit is outside its scope' }),
  );
}
