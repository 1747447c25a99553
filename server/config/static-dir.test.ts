import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findStaticDir } from './static-dir';

const root = mkdtempSync(join(tmpdir(), 'hearth-static-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('findStaticDir', () => {
  mkdirSync(join(root, 'out', 'renderer'), { recursive: true });
  mkdirSync(join(root, 'out', 'main', 'chunks'), { recursive: true });
  mkdirSync(join(root, 'server', 'config'), { recursive: true });
  writeFileSync(join(root, 'out', 'renderer', 'index.html'), '<!doctype html>');

  it('finds out/renderer from the sources (tsx, vitest)', () => {
    expect(findStaticDir(join(root, 'server', 'config'))).toBe(join(root, 'out', 'renderer'));
  });

  it('finds it from the bundle (out/main/host.js and its chunks)', () => {
    expect(findStaticDir(join(root, 'out', 'main'))).toBe(join(root, 'out', 'renderer'));
    expect(findStaticDir(join(root, 'out', 'main', 'chunks'))).toBe(join(root, 'out', 'renderer'));
  });

  it('returns null when the UI is not built', () => {
    const empty = mkdtempSync(join(tmpdir(), 'hearth-nostatic-'));
    try {
      expect(findStaticDir(empty)).toBeNull();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
