/** Types for restore-native.mjs. */
import type { NativePaths, NativeState } from './native-backup.mjs';
export function restoreMessage(
  state: NativeState,
  nodeAbi: number,
): { restore: boolean; clear?: boolean; line: string | null };
export function restoreIfInterrupted(paths: NativePaths, nodeAbi?: number): NativeState['action'];
