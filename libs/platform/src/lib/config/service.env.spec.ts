import { EnvironmentError, loadEnv } from './load-env';
import { DEFAULT_PORTS, portVariable } from './service.env';

describe('service environment', () => {
  const IntakeEnv = portVariable(DEFAULT_PORTS.intake);

  it('falls back to the fixed local defaults', () => {
    expect(loadEnv(IntakeEnv, {})).toMatchObject({
      PORT: 3001,
      KAFKA_BROKERS: '127.0.0.1:9092',
      MONGODB_URI: 'mongodb://127.0.0.1:27017/dossier-ledger',
    });
  });

  it('takes overrides, converting numbers', () => {
    expect(loadEnv(IntakeEnv, { PORT: '4001', KAFKA_BROKERS: 'k1:9092,k2:9092' })).toMatchObject({
      PORT: 4001,
      KAFKA_BROKERS: 'k1:9092,k2:9092',
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['KAFKA_BROKERS', 'localhost'],
    ['MONGODB_URI', 'postgres://x'],
    ['LOG_LEVEL', 'loud'],
  ])('fails fast naming %s when it is %p', (variable, value) => {
    expect(() => loadEnv(IntakeEnv, { [variable]: value })).toThrow(EnvironmentError);
    expect(() => loadEnv(IntakeEnv, { [variable]: value })).toThrow(new RegExp(`${variable}=`));
  });
});
