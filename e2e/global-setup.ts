import { build } from 'vite';

/** Builds the web app once into dist/web, which every journey's server serves. */
export default async function setup() {
  await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
