// Vite builds the window's HTML/JS/CSS into ui/dist, which Tauri serves
// (tauri.conf.json: frontendDist "ui/dist", devUrl http://localhost:5173).
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // Relative asset URLs work both from the dev server and from Tauri's custom protocol.
  base: './',
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    watch: { ignored: ['**/src-tauri/**', '**/target/**'] },
  },
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK (Linux) and WKWebView (macOS) are Safari-family engines.
    target: ['es2021', 'safari13'],
    sourcemap: false,
    // One CSS file and no inline <script>: the window's CSP allows scripts only from 'self'.
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1000,
  },
});
