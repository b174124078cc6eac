/** Training's public face: other modules import only this. */
export { trainingJobs } from './training.jobs';
export { trainingRoutes } from './training.routes';
export { seedDemoTraining } from './training-demo';
