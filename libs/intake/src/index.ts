export * from './lib/dvcqg/dvcqg-errors';
export * from './lib/dvcqg/dvcqg-values';
export * from './lib/dvcqg/dvcqg-snapshot';
export * from './lib/dvcqg/dvcqg-dossier-state';
export * from './lib/dvcqg/dvcqg-mapper';
export * from './lib/csv/csv-events';
