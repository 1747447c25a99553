/** Types for ui-budget.mjs. */
import type { Plugin } from 'vite';

export interface UiAsset {
  file: string;
  raw: number;
  gz: number;
  kind: 'js' | 'css';
}
export const UI_BUDGET_GZ_KB: number;
export function firstLoadAssets(outDir: string, html?: string): UiAsset[];
export function totalGz(assets: readonly UiAsset[]): number;
export function uiBudget(options?: { html?: string; budgetKb?: number }): Plugin;
