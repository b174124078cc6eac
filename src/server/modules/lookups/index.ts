export { normaliseMonth, parseFen } from './import-rows';
export { lookupsRoutes } from './lookups.routes';
export {
  type ColumnSpec,
  detectFormat,
  MAX_REPORTED_ERRORS,
  mapHeader,
  pick,
  type RowError,
  readRows,
  type StoredUpload,
  storeUpload,
  type TabularFormat,
} from './tabular-file';
