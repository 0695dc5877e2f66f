export * from './test-api-key';
