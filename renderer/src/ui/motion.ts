/**
 * Durations for Svelte's JS transitions (fly, slide), which base.css's reduced-motion rule
 * cannot reach: 0 when the user asks for less motion, so nothing slides or hangs half-faded.
 */
const reduce =
  typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;

export const motionMs = (ms: number): number => (reduce?.matches ? 0 : ms);
