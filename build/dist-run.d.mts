/** Types for dist-run.mjs. */
import type { SpawnOptions } from 'node:child_process';
import type { NativePaths } from './native-backup.mjs';
export interface DistStep {
  command: string;
  args: string[];
  options?: SpawnOptions;
}
export function runDist(options: {
  paths: NativePaths;
  steps: DistStep[];
  say?: (line: string) => void;
}): Promise<number>;
