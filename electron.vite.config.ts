import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  // Main process plus the two Node entries of the forum server: `server` is forked
  // in a utilityProcess by the desktop host, `host` is the headless `npm run host`.
  main: {
    resolve: { alias: { '@common': resolve(root, 'common') } },
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          server: resolve(root, 'server/entry/utility.ts'),
          host: resolve(root, 'server/entry/host.ts'),
        },
      },
    },
  },
  // Sandboxed preloads cannot load ESM or require packages: one CommonJS file.
  preload: {
    resolve: { alias: { '@common': resolve(root, 'common') } },
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    resolve: { alias: { '@common': resolve(root, 'common') } },
    plugins: [svelte()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified and targets Electron's Chromium; this
      // bundle is also served to LAN browsers, so minify it and target widely available ones.
      minify: true,
      target: 'es2022',
      rollupOptions: {
        input: {
          index: resolve(root, 'renderer/index.html'),
          launcher: resolve(root, 'renderer/launcher.html'),
        },
      },
    },
  },
});
