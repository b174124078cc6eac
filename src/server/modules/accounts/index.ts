export { accountsRoutes } from './accounts.routes';
export { createFirstAdministrator, listDepartmentsFor } from './accounts.service';
export { type DirectoryQuery, type DirectoryUser, listUsersWithRoles } from './user-directory.repository';
