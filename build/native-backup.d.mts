/** Types for native-backup.mjs. */
export interface NativePaths {
  binding: string;
  forgeMeta: string;
  backup: string;
  lock: string;
}
export type NativeState =
  | { action: 'ok'; staleLock: boolean }
  | { action: 'busy'; pid: number }
  | { action: 'restore'; abis: number[] }
  | { action: 'rebuild'; abis: number[] }
  | { action: 'missing' };
export function nativePaths(root: string, sqliteDir?: string): NativePaths;
export function backupNodeBuild(paths: NativePaths, pid?: number): void;
export function forceRebuild(paths: NativePaths): void;
export function restoreNodeBuild(paths: NativePaths): void;
export function clearDistMarks(paths: NativePaths): void;
export function processAlive(pid: number): boolean;
export function nativeState(
  paths: NativePaths,
  nodeAbi: number,
  isAlive?: (pid: number) => boolean,
): NativeState;
