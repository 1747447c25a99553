/** Types for native-abi.mjs (plain JS: the packaging scripts run on Node without a build). */
export function moduleAbis(bytes: Uint8Array): number[];
export function electronAbi(version: string): number;
export type AbiCheck = { ok: true; abi: number } | { ok: false; abis?: number[]; message: string };
export function checkModuleAbi(file: string, expected: { abi: number; runtime: string }): AbiCheck;
