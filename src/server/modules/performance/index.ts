export { performanceRoutes } from './performance.routes';
export { seedDemoTeams } from './performance.service';
