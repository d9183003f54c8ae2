/**
 * Builds the explorer (client/) into dist/client, which the Express process
 * serves. `npm run dev:client` proxies /api to a running `npm start`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // No source maps in what the server serves: they would hand out the client's source.
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    // Three pages: the explorer, the sign-in page and the administration page.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./client/index.html', import.meta.url)),
        admin: fileURLToPath(new URL('./client/admin.html', import.meta.url)),
        login: fileURLToPath(new URL('./client/login.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
