import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

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
  const building = build({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    logLevel: 'warn',
    build: { outDir: webRoot, emptyOutDir: true },
  }).then(
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
