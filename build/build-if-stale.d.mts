/** Types for build-if-stale.mjs. */
export const SOURCES: readonly string[];
export const OUTPUTS: readonly string[];
export function newestMtime(root: string, paths?: readonly string[]): number;
export function staleness(state: {
  stampMs: number | null;
  newestSourceMs: number;
  missingOutputs: readonly string[];
}): { stale: boolean; why: string };
export function outState(root: string): {
  stampMs: number | null;
  newestSourceMs: number;
  missingOutputs: string[];
};
export function swapIn(root: string, built: string): void;
export function buildIfStale(options: {
  root: string;
  always?: boolean;
  build: (dir: string) => boolean;
  say?: (line: string) => void;
  waitMs?: number;
}): 'fresh' | 'built' | 'failed';
export function electronViteBuild(root: string): (dir: string) => boolean;
