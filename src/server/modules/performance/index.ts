export { findAllTeams, findMembers as findTeamMembers, type TeamRow } from './performance.repository';
export { performanceRoutes } from './performance.routes';
export { seedDemoTeams } from './performance.service';
