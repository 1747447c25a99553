/** Figures the benches share. */

/** CPU time of this process so far (µs, user + system, all threads). */
export const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
