import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromRepo = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// A pattern rather than the prefix '/api': in dev the prefix would also catch the module /api.ts.
const apiProxy = { '^/api/': 'http://127.0.0.1:3000' };

/** The web app: sources in src/web, built into dist/web, which the server serves with an SPA fallback. */
export default defineConfig({
  root: fromRepo('./src/web'),
  plugins: [react()],
  build: {
    outDir: fromRepo('./dist/web'),
    emptyOutDir: true,
    // React and the antd core the first screen needs are one shared chunk of about 670 kB (220 kB gzipped);
    // the admin and calendar pages load on first visit.
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
});
