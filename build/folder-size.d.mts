/** Types for folder-size.mjs. */
export function folderSize(dir: string): number;
export function formatSize(bytes: number): string;
