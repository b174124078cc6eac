export { accountsRoutes } from './accounts.routes';
export { createFirstAdministrator, listDepartmentsFor } from './accounts.service';
