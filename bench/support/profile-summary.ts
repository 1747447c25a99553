/**
 * Summarises a V8 .cpuprofile (BENCH_CPU_PROF) by self time: the functions that cost the
 * most, with their file and line, and what share of the profile they take.
 * Usage: node --import tsx bench/support/profile-summary.ts <file.cpuprofile> [top=30]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i]!);
  const dt = profile.timeDeltas[i] ?? 0;
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/(node_modules|server|bench|db|common)\//, '$1/')}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'} ${where}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
}
const idle = self.get('(idle) ') ?? 0;
console.log(`total ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms, busy ${((total - idle) / 1000).toFixed(0)} ms`);
const rows = [...self.entries()].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top);
for (const [k, us] of rows) {
  console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / (total - idle)).toFixed(1).padStart(5)}%  ${k}`);
}
