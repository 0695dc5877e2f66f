export * from './lib/form-input';
export * from './lib/form-table';
export * from './lib/form-ii06a';
export * from './lib/field-names';
export * from './lib/from-report';
export * from './lib/render-csv';
export * from './lib/render-xlsx';
export * from './lib/render-pdf';
