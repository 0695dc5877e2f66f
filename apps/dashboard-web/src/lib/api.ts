import type { KeyScopeDto } from '@dossier-ledger/contracts';

/** An answer other than 2xx: the status and the service's message (the proxy's are in Vietnamese). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function failure(response: Response): Promise<ApiFailure> {
  const body = (await response.json().catch(() => ({}))) as { message?: unknown };
  const message = typeof body.message === 'string' ? body.message : `Lỗi ${response.status}`;
  return new ApiFailure(response.status, message);
}

/** GET a JSON resource of this origin (`/api/reports/dossiers?…`); the session cookie authenticates it. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, signal, credentials: 'same-origin' });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export async function signIn(key: string): Promise<KeyScopeDto> {
  const response = await fetch('/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
    credentials: 'same-origin',
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as KeyScopeDto;
}

export function currentSession(): Promise<KeyScopeDto> {
  return getJson<KeyScopeDto>('/session');
}

export async function signOut(): Promise<void> {
  await fetch('/session', { method: 'DELETE', credentials: 'same-origin' });
}
