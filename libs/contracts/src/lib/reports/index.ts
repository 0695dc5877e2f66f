export * from './report-figures';
export * from './dossier-report-query.dto';
export * from './dossier-report.dto';
export * from './dossier-notes.dto';
export * from './unit-tree.dto';
