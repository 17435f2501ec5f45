import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The gateway (services/workbench) serves dist/ and owns /api and /auth. In `vite dev`, both are
// proxied to a running gateway at WORKBENCH_URL (default http://127.0.0.1:3000).
const gateway = process.env.WORKBENCH_URL ?? `http://127.0.0.1:${process.env.WORKBENCH_PORT ?? 3000}`;

export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/vue') || id.includes('node_modules/@vue') || id.includes('node_modules/pinia')) return 'vue';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/api': gateway, '/auth': gateway, '/directory': gateway },
  },
});
