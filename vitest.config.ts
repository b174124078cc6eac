import { configDefaults, defineConfig } from 'vitest/config';

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
          // The page check (every page of every role, 253 s at 1440×900 measured in one run) does not fit
          // npm test's 6-minute budget beside the journeys (about 270 s one after another): it runs in
          // `npm run test:pages` (both viewports), which sets TAXLINE_PAGE_CHECK.
          exclude: [...configDefaults.exclude, ...(process.env.TAXLINE_PAGE_CHECK ? [] : ['e2e/pages.test.ts'])],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // The journeys run one file at a time, isolated, beside the API suites (a non-isolated project
          // must run in a group of its own after the others). Measured in one session: 434 s with the
          // journeys after the API suites, 462 s beside them (fresh clone, CI) — no gain on 2 cores;
          // the suite is CPU-bound. The journeys alone take about 270 s one after another.
          globalSetup: ['e2e/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
