/** The size of a folder as shipped (afterPack prints it): every file's bytes, links not followed. */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function folderSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderSize(path);
    else if (entry.isFile()) total += lstatSync(path).size;
  }
  return total;
}

/** "183.4 MB": decimal units, as file managers and download pages show them. */
export function formatSize(bytes) {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
