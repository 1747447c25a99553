import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@common': resolve(import.meta.dirname, 'common') } },
  // Compiles runes in renderer/**/*.svelte.ts so the UI's state classes can be unit-tested.
  plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
  test: {
    include: ['{server,db,common,electron,renderer}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // A new forum needs setup with its one-time token before anyone signs up. Tests that
    // start a server and sign people up (here and in the processes they fork) get forums
    // whose first sign-up owns them; setup tests ask for `setup: 'token'` explicitly.
    env: { HEARTH_SETUP: 'first-signup' },
  },
});
