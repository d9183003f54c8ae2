/**
 * Builds the explorer (client/) into dist/client, which the Express process
 * serves. `npm run dev:client` proxies /api to a running `npm start`.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
