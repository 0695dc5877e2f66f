import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiError,
  AuditLog,
  CurrentPrincipal,
  KeyAdmin,
  keyActor,
  Roles,
  UnitScopeChecker,
  type Principal,
} from '@dossier-ledger/platform';
import type { Request } from 'express';
import { refusalsAs4xx, optionalInstant, readJsonObject, requiredString, roles, stringList } from './admin-request';

/** API keys and the audit log. Role `admin`; every change is audit-logged (no secrets). */
@ApiTags('admin')
@Controller('v1/admin')
export class KeysController {
  constructor(
    private readonly keys: KeyAdmin,
    private readonly audit: AuditLog,
    private readonly scope: UnitScopeChecker,
  ) {}

  @Get('keys')
  @Roles('admin')
  @ApiOperation({
    summary: 'Every key (without secrets), active or revoked, whose scope lies in the admin key’s scope',
  })
  list(@CurrentPrincipal() principal: Principal) {
    return this.keys.list(keyActor(principal, this.scope));
  }

  @Post('keys')
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a key',
    description:
      'The answer’s `key` is the secret: shown once, only its hash is stored. replace=true revokes the source’s other keys. ' +
      'The scope must lie within the admin key’s own scope (403 otherwise).',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['name', 'scope', 'roles'],
      properties: {
        name: { type: 'string', example: 'VNPT-HT' },
        scope: { type: 'array', items: { type: 'string' }, example: ['42'] },
        roles: {
          type: 'array',
          items: { type: 'string', enum: ['write', 'read', 'admin'] },
          example: ['write', 'read'],
        },
        expiresAt: { type: 'string', format: 'date-time', nullable: true },
        replace: { type: 'boolean' },
      },
    },
  })
  async create(@Req() request: Request, @CurrentPrincipal() principal: Principal) {
    const body = await readJsonObject(request);
    const input = {
      name: requiredString(body, 'name'),
      scope: stringList(body, 'scope'),
      roles: roles(body),
      expiresAt: optionalInstant(body, 'expiresAt'),
      replace: body['replace'] === true,
    };
    return refusalsAs4xx(() => this.keys.create(keyActor(principal, this.scope), input));
  }

  @Post('keys/:keyId/revoke')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke a key (services refuse it within their key cache time)' })
  async revoke(@Param('keyId') keyId: string, @CurrentPrincipal() principal: Principal) {
    await refusalsAs4xx(() => this.keys.revoke(keyActor(principal, this.scope), keyId));
    return { revoked: keyId };
  }

  @Post('keys/:keyId/rotate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'A new secret for the same source, scope and roles; the old key is revoked' })
  async rotate(@Param('keyId') keyId: string, @Req() request: Request, @CurrentPrincipal() principal: Principal) {
    const body =
      request.headers['content-length'] && request.headers['content-length'] !== '0'
        ? await readJsonObject(request)
        : {};
    return refusalsAs4xx(() =>
      this.keys.rotate(keyActor(principal, this.scope), keyId, optionalInstant(body, 'expiresAt')),
    );
  }

  @Get('audit')
  @Roles('admin')
  @ApiOperation({
    summary: 'The latest administrative actions: who, what, when',
    description:
      'An admin key of part of the installation reads the actions on its units only; one scoped with every province reads all.',
  })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  auditLog(@CurrentPrincipal() principal: Principal, @Query('limit') limit?: string) {
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new ApiError(400, 'limit: an integer from 1 to 10000');
    return this.audit.latest(n, keyActor(principal, this.scope));
  }
}
