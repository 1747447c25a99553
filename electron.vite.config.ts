import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { uiBudget } from './build/ui-budget.mjs';

const root = import.meta.dirname;

export default defineConfig({
  // Main process plus the two Node entries of the forum server: `server` is forked
  // in a utilityProcess by the desktop host, `host` is the headless `npm run host`; and
  // `search-worker`, the server's search threads.
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
          // The search threads' entry (server/search/worker-script.ts finds it beside these).
          'search-worker': resolve(root, 'server/search/search-worker.ts'),
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
    // uiBudget fails the build when the forum UI's first load outgrows 100 KB gzipped.
    plugins: [svelte(), uiBudget()],
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
        // Svelte's runtime, shared by both pages, gets a name of its own (rather than that of
        // whichever small module happened to land in the shared chunk) and caches apart from
        // the app's code.
        output: {
          manualChunks: (id: string) =>
            id.includes('/node_modules/svelte/') ? 'svelte' : undefined,
        },
      },
    },
  },
});
