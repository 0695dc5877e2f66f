export * from './lib/config/load-env';
export * from './lib/config/service-env';
export * from './lib/kafka/kafka-client';
