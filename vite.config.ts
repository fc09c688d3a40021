import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// The browser client lives in client/; the server (server/src/http) serves the build from dist/client.
// VitePWA builds the service worker (client/src/sw.ts, the app shell offline) with the list of the
// build's files, and a small registerSW.js that index.html loads ('autoUpdate': a new build takes over).
export default defineConfig({
  root: 'client',
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: 'script',
      registerType: 'autoUpdate',
      manifest: false,
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'], maximumFileSizeToCacheInBytes: 8 * 1024 * 1024 },
      devOptions: { enabled: false },
    }),
  ],
  build: { outDir: '../dist/client', emptyOutDir: true },
  server: {
    proxy: {
      '/api': 'http://localhost:4321',
      '/join': 'http://localhost:4321',
      '/sync': { target: 'ws://localhost:4321', ws: true },
    },
  },
});
