import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest's default on 2 cores is one file at a time; the suites wait on PostgreSQL, Chromium and
    // LibreOffice much of the time, so three files at once (browser journeys still one at a time) take
    // 326 s instead of 381 s on this 2-core machine, measured in one session.
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          // One module graph per worker instead of one per file: every file imports the whole app
          // (Fastify, every module's zod schemas, kysely, jieba …), about 2.7 s of CPU each time. On
          // ten app-building files (2 workers) 46.6 s of CPU with isolation, 19.2 s without. Module
          // state the suites rely on is set per test app (clock, data key restored in afterAll).
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // The journeys run one file at a time in one worker: without isolation the app, the harness
          // and playwright-core are imported once for all of them instead of once per file.
          isolate: false,
          // After the API suites, as before (vitest runs a project that shares no group with another
          // in its own group, and a non-isolated project of one worker must be given its order).
          sequence: { groupOrder: 1 },
          globalSetup: ['e2e/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
