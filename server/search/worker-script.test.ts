/** Where the search thread's code is found: from source, from the build, or nowhere. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { searchWorkerScript } from './worker-script';

describe('searchWorkerScript', () => {
  it('from source: the .ts beside it, through tsx (also under tsImport, whose URLs carry a query)', () => {
    for (const here of [
      'file:///repo/server/search/worker-script.ts',
      'file:///repo/server/search/worker-script.ts?tsx-namespace=1733',
    ]) {
      const script = searchWorkerScript(here);
      expect(script?.url.href).toBe('file:///repo/server/search/search-worker.ts');
      if (!process.execArgv.some((a) => a.includes('tsx'))) {
        expect(script?.execArgv?.slice(-2)).toEqual(['--import', 'tsx']);
      }
    }
  });

  it('bundled: search-worker.js in out/main, from out/main or out/main/chunks; else none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-worker-script-'));
    try {
      const main = join(dir, 'out', 'main');
      mkdirSync(join(main, 'chunks'), { recursive: true });
      const fromChunk = pathToFileURL(join(main, 'chunks', 'forum-server-x1.js')).href;
      const fromEntry = pathToFileURL(join(main, 'host.js')).href;
      expect(searchWorkerScript(fromChunk)).toBeNull();
      writeFileSync(join(main, 'search-worker.js'), '');
      const worker = pathToFileURL(join(main, 'search-worker.js')).href;
      expect(searchWorkerScript(fromChunk)).toEqual({ url: new URL(worker) });
      expect(searchWorkerScript(fromEntry)).toEqual({ url: new URL(worker) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
