export { normaliseMonth, parseFen } from './import-rows';
export { lookupsRoutes } from './lookups.routes';
