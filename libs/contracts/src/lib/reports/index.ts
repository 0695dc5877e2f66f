export * from './dossier-report-query.dto';
export * from './dossier-report.dto';
