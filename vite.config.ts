import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The browser client lives in client/; the server (server/src/http) serves the build from dist/client.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true },
  server: {
    proxy: {
      '/api': 'http://localhost:4321',
      '/join': 'http://localhost:4321',
      '/sync': { target: 'ws://localhost:4321', ws: true },
    },
  },
});
