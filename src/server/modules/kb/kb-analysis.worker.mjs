// Bootstrap of the analysis worker: worker threads do not inherit tsx's loader, so register it here.
import { register } from 'tsx/esm/api';

register();
await import('./kb-analysis.worker.ts');
