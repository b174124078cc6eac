import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    webRoot: string;
  }
}

/**
 * Builds the web app once per run into a folder of its own, which every journey's server serves:
 * two e2e runs on one machine (two developers, or helpers) never serve each other's half-built files.
 */
export default async function setup(project: TestProject) {
  const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'taxline-e2e-web-'));
  // The app as `npm start` builds it: vitest sets NODE_ENV=test, which would otherwise give the
  // development builds of React and antd (slower, and with their development warnings in the console).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: new URL('../vite.config.ts', import.meta.url).pathname,
      logLevel: 'warn',
      mode: 'production',
      build: { outDir: webRoot, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  project.provide('webRoot', webRoot);
  return () => fs.rmSync(webRoot, { recursive: true, force: true });
}
