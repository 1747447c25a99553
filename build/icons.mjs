#!/usr/bin/env node
/**
 * Renders build/icon.svg to build/icons/NxN.png at every size the platforms use, plus
 * build/icon.png (1024 px, for macOS and Windows). Needs `rsvg-convert` (Debian:
 * librsvg2-bin). The PNGs are committed, so packaging does not need this tool.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const SIZES = [16, 24, 32, 48, 64, 96, 128, 256, 512, 1024];
mkdirSync(join(dir, 'icons'), { recursive: true });
for (const size of SIZES) {
  const out = join(dir, 'icons', `${size}x${size}.png`);
  execFileSync('rsvg-convert', [
    '-w',
    String(size),
    '-h',
    String(size),
    '-o',
    out,
    join(dir, 'icon.svg'),
  ]);
  console.log(`wrote ${out}`);
}
copyFileSync(join(dir, 'icons', '1024x1024.png'), join(dir, 'icon.png'));
console.log(`wrote ${join(dir, 'icon.png')}`);
