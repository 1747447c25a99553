/**
 * The forum UI's 100 KB first-load budget (build/ui-budget.mjs): what counts (the page's
 * tags and their static imports, never lazy chunks), and the build failing when over it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstLoadAssets, totalGz, uiBudget, UI_BUDGET_GZ_KB } from '../build/ui-budget.mjs';
import config from '../electron.vite.config';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A built page: index.js imports shared.js statically and lazy.js on demand. */
function fixture(sharedBytes: Buffer | string = 'export const s=1;'): string {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-ui-budget-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<script type="module" src="./assets/index.js"></script>' +
      '<link rel="modulepreload" href="./assets/preloaded.js">' +
      '<link rel="stylesheet" href="./assets/index.css">',
  );
  writeFileSync(
    join(dir, 'assets/index.js'),
    'import{s}from"./shared.js";import"./side.js";const l=()=>import("./lazy.js");',
  );
  writeFileSync(join(dir, 'assets/shared.js'), sharedBytes);
  writeFileSync(join(dir, 'assets/side.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets/preloaded.js'), 'export const p=2;');
  writeFileSync(join(dir, 'assets/lazy.js'), 'x'.repeat(5000));
  writeFileSync(join(dir, 'assets/index.css'), 'body{margin:0}');
  return dir;
}

type WriteBundle = (options: { dir?: string }) => void;
const writeBundleOf = (plugin: ReturnType<typeof uiBudget>): WriteBundle => {
  const hook = plugin.writeBundle;
  if (typeof hook !== 'function') throw new Error('uiBudget has no writeBundle hook');
  return hook as unknown as WriteBundle;
};

describe('the first-load budget', () => {
  it('counts the tags and their static imports, not lazy chunks', () => {
    const assets = firstLoadAssets(fixture());
    expect(assets.map((a) => a.file).sort()).toEqual([
      'assets/index.css',
      'assets/index.js',
      'assets/preloaded.js',
      'assets/shared.js',
      'assets/side.js',
    ]);
    expect(assets.find((a) => a.file === 'assets/index.css')?.kind).toBe('css');
    expect(totalGz(assets)).toBe(assets.reduce((n, a) => n + a.gz, 0));
  });

  it('fails the build when the first load is over the budget, and only then', () => {
    const small = fixture();
    expect(() => writeBundleOf(uiBudget())({ dir: small })).not.toThrow();
    // Incompressible bytes in a statically imported chunk: 120 KB gzipped stays ~120 KB.
    const big = fixture(randomBytes(120 * 1024).toString('base64'));
    expect(() => writeBundleOf(uiBudget())({ dir: big })).toThrow(
      /over its 100 KB budget[\s\S]*assets\/shared\.js/,
    );
    expect(() => writeBundleOf(uiBudget({ budgetKb: 1000 }))({ dir: big })).not.toThrow();
    expect(UI_BUDGET_GZ_KB).toBe(100);
  });

  it('is part of the renderer build', () => {
    const plugins = (config.renderer?.plugins ?? []).flat();
    const names = plugins.map((p) => (p && typeof p === 'object' && 'name' in p ? p.name : ''));
    expect(names).toContain('hearth-ui-budget');
  });
});
