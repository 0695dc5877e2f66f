import { Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { KeyScopeDto } from '@dossier-ledger/contracts';
import { ApiError, readRequestBody } from '@dossier-ledger/platform';
import type { Request, Response } from 'express';
import { KeyChecker, type KeyCheck } from './key-checker';
import { isApiKeyShaped, keyFromCookieHeader, sessionCookie } from './session-cookie';

const WRONG_KEY = 'Khóa truy cập không đúng hoặc đã bị thu hồi.';
const NOT_SIGNED_IN = 'Chưa đăng nhập.';

/** What a refused or failed check means to the person signing in. */
function refusal(check: Exclude<KeyCheck, { kind: 'valid' }>, message = WRONG_KEY): ApiError {
  if (check.kind === 'unreachable')
    return new ApiError(502, 'Không kết nối được dịch vụ báo cáo, hãy thử lại sau ít phút.');
  if (check.status === 403) return new ApiError(403, 'Khóa này không có quyền đọc báo cáo (vai trò read).');
  return new ApiError(401, message);
}

/**
 * Sign-in with a read key: the key is checked against the report API and kept in an HttpOnly cookie,
 * so the page's script never holds it and downloads and the live stream carry it like any request.
 */
@Controller('session')
export class SessionController {
  constructor(@Inject(KeyChecker) private readonly keys: KeyChecker) {}

  @Post()
  @HttpCode(200)
  async signIn(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<KeyScopeDto> {
    let key: unknown;
    try {
      key = (JSON.parse((await readRequestBody(request, 4096)).toString('utf8')) as { key?: unknown }).key;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(400, 'Nội dung gửi lên phải là JSON {"key": "dl_…"}.', [
        { parameter: 'key', message: 'JSON body' },
      ]);
    }
    const trimmed = typeof key === 'string' ? key.trim() : key;
    if (!isApiKeyShaped(trimmed))
      throw new ApiError(400, 'Khóa truy cập có dạng dl_… (sao chép đủ cả dòng).', [
        { parameter: 'key', message: 'an API key dl_<id>_<secret>' },
      ]);
    const check = await this.keys.check(trimmed);
    if (check.kind !== 'valid') throw refusal(check);
    response.setHeader('Set-Cookie', sessionCookie(trimmed, request.secure));
    return check.scope;
  }

  @Get()
  async current(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<KeyScopeDto> {
    const key = keyFromCookieHeader(request.headers.cookie);
    if (!key) throw new ApiError(401, NOT_SIGNED_IN);
    const check = await this.keys.check(key);
    if (check.kind !== 'valid') {
      if (check.kind === 'refused') response.setHeader('Set-Cookie', sessionCookie(null, request.secure));
      throw refusal(check);
    }
    return check.scope;
  }

  @Delete()
  @HttpCode(204)
  signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): void {
    response.setHeader('Set-Cookie', sessionCookie(null, request.secure));
  }
}
