import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { needsNewProducerId } from './lazy-producer';

const protocolError = (type: string, code: number) =>
  new KafkaJSProtocolError({ message: type, type, code, retriable: false } as never);

describe('needsNewProducerId', () => {
  it('is true for the broker answers that leave an idempotent producer without a sequence', () => {
    expect(needsNewProducerId(protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER', 45))).toBe(true);
    expect(needsNewProducerId(protocolError('UNKNOWN_PRODUCER_ID', 59))).toBe(true);
    expect(needsNewProducerId(protocolError('INVALID_PRODUCER_EPOCH', 47))).toBe(true);
  });

  it('looks through the errors kafkajs wraps them in', () => {
    const wrapped = new KafkaJSNumberOfRetriesExceeded(protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER', 45), {
      retryCount: 5,
      retryTime: 1000,
    });
    expect(needsNewProducerId(wrapped)).toBe(true);
  });

  it('is false for other errors, which the sender handles as before', () => {
    expect(needsNewProducerId(protocolError('NOT_LEADER_FOR_PARTITION', 6))).toBe(false);
    expect(needsNewProducerId(new Error('Connection error: ECONNREFUSED'))).toBe(false);
    expect(needsNewProducerId(undefined)).toBe(false);
  });
});
