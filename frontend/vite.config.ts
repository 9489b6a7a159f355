/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` serves the console on :5173 and forwards the API to a service already running on
// :8080 (./bin/run), WebSockets included, so subscriptions work in UI development too.
const service = process.env.DISTRIBUTOR_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/graphql': { target: service, ws: true, changeOrigin: true },
      '/api': { target: service, changeOrigin: true },
      '/agent': { target: service, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 2500,
  },
  test: {
    // happy-dom rather than jsdom: the same 220 tests pass, in about 95 s instead of 120 s on two cores.
    environment: 'happy-dom',
    // Worker threads start faster than forked processes.
    pool: 'threads',
    globals: true,
    setupFiles: ['./src/test-setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
