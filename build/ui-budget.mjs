/**
 * The forum UI's first-load weight: the JS and CSS the index page loads up front (its script
 * and stylesheet tags, modulepreloads, and every JS chunk they import statically), gzipped at
 * level 9, against the 100 KB budget (issue 12). Lazy chunks (`import()`) are not counted:
 * they load when their screen is first shown.
 *
 * `bench/ui.ts` prints these figures; `uiBudget()` is a Vite plugin that fails the renderer
 * build when the first load outgrows the budget, so the number cannot creep up unnoticed.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const UI_BUDGET_GZ_KB = 100;

/** The assets `html` (a page in `outDir`) loads before its first paint. */
export function firstLoadAssets(outDir, html = 'index.html') {
  const htmlText = readFileSync(join(outDir, html), 'utf8');
  const refs = [
    ...htmlText.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+\.(?:js|css))"/g),
  ].map((m) => resolve(outDir, m[1]));
  const seen = new Set();
  const queue = [...refs];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(file, 'utf8');
    // Static imports only: `import{…}from"./x.js"` and `import"./x.js"`, never `import("./x.js")`.
    for (const m of code.matchAll(/(?:\bimport|\bfrom)\s*["'](\.\.?\/[^"']+\.js)["']/g)) {
      queue.push(resolve(dirname(file), m[1]));
    }
  }
  return [...seen].map((file) => {
    const buf = readFileSync(file);
    return {
      file: relative(outDir, file),
      raw: buf.length,
      gz: gzipSync(buf, { level: 9 }).length,
      kind: file.endsWith('.css') ? 'css' : 'js',
    };
  });
}

export const totalGz = (assets) => assets.reduce((n, a) => n + a.gz, 0);

/** Fails the build when the index page's first load is over `budgetKb` gzipped. */
export function uiBudget({ html = 'index.html', budgetKb = UI_BUDGET_GZ_KB } = {}) {
  return {
    name: 'hearth-ui-budget',
    apply: 'build',
    writeBundle(options) {
      if (!options.dir) return;
      const assets = firstLoadAssets(options.dir, html);
      const kb = totalGz(assets) / 1024;
      if (kb <= budgetKb) return;
      const list = assets
        .sort((a, b) => b.gz - a.gz)
        .map((a) => `  ${a.file}: ${(a.gz / 1024).toFixed(1)} KB gz`)
        .join('\n');
      throw new Error(
        `The forum UI's first load is ${kb.toFixed(1)} KB gzipped, over its ${budgetKb} KB budget:\n${list}\n` +
          'Load what the first paint does not need lazily (ui/Lazy.svelte, import()).',
      );
    },
  };
}
