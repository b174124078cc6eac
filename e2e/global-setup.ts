import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const execFileAsync = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder the web app is built into, which every journey's server serves. */
    webRoot: string;
    /** A file written beside it when the build is over: `ok`, or the build's error. */
    webBuildDone: string;
  }
}

/**
 * Builds the web app once per run into a folder of its own (two e2e runs on one machine never serve
 * each other's half-built files). The build is started here and not awaited: vitest runs every
 * project's global setup before the first test file, so an awaited build held the API suites back
 * for its whole length; now they run meanwhile, and a journey waits for `webBuildDone` (support.ts).
 */
export default function setup(project: TestProject) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-e2e-web-'));
  const webRoot = path.join(folder, 'web');
  const webBuildDone = path.join(folder, 'build-done');
  // The app as `npm start` builds it, in a process of its own: vitest sets NODE_ENV=test (which would give
  // the development builds of React and antd, slower and with their warnings in the console), and the
  // API suites start meanwhile, so this process's environment must not change under them.
  const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
  const building = execFileAsync(
    process.execPath,
    [vite, 'build', '--mode', 'production', '--logLevel', 'warn', '--outDir', webRoot, '--emptyOutDir'],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), env: { ...process.env, NODE_ENV: 'production' } },
  ).then(
    () => fs.writeFileSync(webBuildDone, 'ok'),
    (error: unknown) =>
      fs.writeFileSync(webBuildDone, `vite build failed: ${String((error as Error)?.stack ?? error)}`),
  );
  project.provide('webRoot', webRoot);
  project.provide('webBuildDone', webBuildDone);
  return async () => {
    await building;
    fs.rmSync(folder, { recursive: true, force: true });
  };
}
