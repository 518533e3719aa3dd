// Development only (npm start and the tests run TypeScript through tsx): a worker thread does not
// inherit tsx's loader on Node 20, so this entry registers it and then loads the worker's .ts
// module. The production build runs the compiled .js worker directly (src/seeds/off-thread.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
