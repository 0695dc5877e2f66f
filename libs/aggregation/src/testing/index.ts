export * from './realistic-dossiers';
export * from './story-book';
