/** Types for launch-options.mjs (plain JS: launch.mjs runs on Node without a build). */
export function userDataDir(
  env?: NodeJS.ProcessEnv,
  platform?: NodeJS.Platform,
  home?: string,
): string;
export function lastHostedArgs(userData: string): string[];
export function devCommand(options: {
  root: string;
  nodePath: string;
  electronBin: string;
  binding: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
}): { command: string; args: string[]; env: NodeJS.ProcessEnv };
export function appArmorBlock(inputs: {
  platform: NodeJS.Platform;
  restrictUserns: string | null;
  electronBin: string;
  profiles: readonly { file: string; text: string }[];
  sandboxHelper: { uid: number; mode: number } | null;
}): string | null;
export interface ElectronSource {
  mirror: string;
  customMirror: boolean;
  cache: string;
  proxy: string | null;
  unusedProxy: string | null;
}
export function electronSource(
  env?: NodeJS.ProcessEnv,
  platform?: NodeJS.Platform,
  home?: string,
): ElectronSource;
export function downloadNotice(version: string, source: ElectronSource): string;
export interface DownloadFacts {
  name?: string;
  message?: string;
  code?: string | null;
  status?: number | null;
  hostname?: string | null;
}
export function downloadFailure(facts: DownloadFacts | null, source: ElectronSource): string;
