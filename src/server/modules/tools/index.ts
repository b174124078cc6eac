export { toolsRoutes } from './tools.routes';
