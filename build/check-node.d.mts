/** Types for check-node.mjs (plain JS: it runs on Node before anything is built). */
export const MINIMUM: { major: number; minor: number };
export const NODE_API_NEEDED: number;
export function nodeTooOld(versions: { node: string; napi?: string }): string | null;
