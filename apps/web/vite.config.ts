import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the API runs beside Vite (pnpm dev); these paths go to it, the rest is the app.
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
const proxied = ['/trpc', '/api', '/storage', '/health', '/docs', '/openapi.json', '/openapi.yaml'];

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: api, changeOrigin: false }])),
  },
  build: {
    // One file per route chunk is fine; no inline assets so the CSP never needs data: scripts.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
