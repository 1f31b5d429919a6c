// Builds bench/browser into dist-bench/ for `npm run bench` (not part of the site).
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'bench/browser',
  base: './',
  logLevel: 'warn',
  build: { outDir: '../../dist-bench', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
});
