import { BadRequestException, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { firstValueFrom, type Observable } from 'rxjs';
import { ApiError } from './api-error';
import { ErrorEnvelopeFilter, toEnvelope } from './error-envelope.filter';

describe('error envelope', () => {
  it('keeps our envelopes and normalises Nest exceptions and unknown errors', () => {
    expect(toEnvelope(new ApiError(422, 'bad', [{ index: 0 }]))).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'bad',
      errors: [{ index: 0 }],
    });
    expect(toEnvelope(new NotFoundException('Cannot GET /x'))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /x',
    });
    expect(toEnvelope(new BadRequestException(['a must be x', 'b must be y']))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'a must be x; b must be y',
      errors: ['a must be x', 'b must be y'],
    });
    expect(toEnvelope(new Error('boom'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
  });

  it('gives a Kafka handler its own error back instead of answering as HTTP', async () => {
    const host = {
      getType: () => 'rpc',
      switchToHttp: () => ({ getResponse: () => ({}) }),
    } as unknown as ArgumentsHost;
    const error = new Error('client was closed');
    const result = new ErrorEnvelopeFilter().catch(error, host) as Observable<never>;
    await expect(firstValueFrom(result)).rejects.toBe(error);
  });
});
