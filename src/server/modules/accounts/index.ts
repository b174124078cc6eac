export { accountsRoutes } from './accounts.routes';
export { listDepartmentsFor } from './accounts.service';
