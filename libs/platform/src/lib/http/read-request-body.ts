import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error';

/**
 * Reads a request body we parse ourselves, so each failure gets our own status and message. Past
 * `maxBytes` the rest is drained (not buffered) and 413 is thrown once the client has finished
 * sending, so it can read the answer; a body larger than 4 × maxBytes closes the connection.
 */
export async function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  assertIdentityEncoding(request);
  const declared = Number(request.headers['content-length'] ?? NaN);
  const tooLarge = () => new ApiError(413, `Request body exceeds ${maxBytes} bytes`);
  if (declared > 4 * maxBytes) {
    request.socket.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (size > 4 * maxBytes) {
        request.socket.destroy();
        throw tooLarge();
      }
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // The client went away, or was cut off for being too slow (408): its fault, not a server error.
    throw new ApiError(400, `The request body did not arrive whole: ${(error as Error).message}`);
  }
  if (size > maxBytes) throw tooLarge();
  return Buffer.concat(chunks, size);
}

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Compressed bodies are refused (415) rather than parsed as garbage or inflated without a bound. */
function assertIdentityEncoding(request: IncomingMessage): void {
  const encoding = (request.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity')
    throw new ApiError(415, `Content-Encoding ${encoding} is not supported: send the body uncompressed`);
}

/**
 * The body as text; invalid UTF-8 is a 400 rather than silently becoming U+FFFD (which would store
 * an identifier different from the one the client sent).
 */
export function decodeUtf8Body(body: Buffer, what = 'Request body'): string {
  if (!isUtf8(body)) throw new ApiError(400, `${what} is not valid UTF-8`);
  return body.toString('utf8');
}
