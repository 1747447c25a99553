/** Types for node-bin.mjs. */
export function binEntry(
  pkgJson: { name?: string; bin?: string | Record<string, string> },
  bin?: string,
): string;
export function packageCommand(
  options: {
    root: string;
    pkg: string;
    bin?: string;
    args?: readonly string[];
    execPath?: string;
    platform?: NodeJS.Platform;
  },
  readJson?: (file: string) => { name?: string; bin?: string | Record<string, string> },
): { command: string; args: string[]; options: { shell: false; windowsHide: boolean } };
