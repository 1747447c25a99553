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
  const where = url
    ? `${url.replace(/^.*\/(node_modules|server|bench|db|common)\//, '$1/')}:${lineNumber + 1}`
    : '';
  const key = `${functionName || '(anonymous)'} ${where}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
}
const idle = self.get('(idle) ') ?? 0;
console.log(
  `total ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms, busy ${((total - idle) / 1000).toFixed(0)} ms`,
);
const rows = [...self.entries()]
  .filter(([k]) => !k.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top);
for (const [k, us] of rows) {
  console.log(
    `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / (total - idle)).toFixed(1).padStart(5)}%  ${k}`,
  );
}

// Inclusive time of the functions named in PROFILE_TOTALS (comma-separated), e.g.
// PROFILE_TOTALS=admitHandshake,add,flush: what each costs with everything it calls.
const wanted = (process.env.PROFILE_TOTALS ?? '').split(',').filter(Boolean);
if (wanted.length > 0) {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      const key = `${f.functionName} ${f.url.replace(/^.*\/(server|node_modules)\//, '$1/')}`;
      if (wanted.includes(f.functionName) && !seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
      }
    }
  }
  console.log('\ninclusive:');
  for (const [k, us] of [...inclusive.entries()].sort((a, b) => b[1] - a[1])) {
    console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
  }
}

// Who calls the functions whose self-time key contains PROFILE_CALLERS (e.g.
// PROFILE_CALLERS=conversations.store): their self time by the chain of their callers
// (PROFILE_DEPTH of them, 3 unless told), so an anonymous store method shows which path asked.
const callersOf = process.env.PROFILE_CALLERS;
if (callersOf) {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id: number): string => {
    const f = byId.get(id)!.callFrame;
    const file = f.url.replace(/^.*\/(server|node_modules|bench|db|common)\//, '$1/');
    return `${f.functionName || '(anonymous)'}@${file.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
  };
  const depth = Number(process.env.PROFILE_DEPTH ?? 3);
  const chains = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const f = byId.get(id)!.callFrame;
    if (!`${f.functionName} ${f.url}:${f.lineNumber + 1}`.includes(callersOf)) continue;
    const chain: string[] = [name(id)];
    for (let p = parent.get(id), k = 0; p !== undefined && k < depth; p = parent.get(p), k++) {
      chain.push(name(p));
    }
    const key = chain.join(' < ');
    chains.set(key, (chains.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  console.log(`\ncallers of ${callersOf}:`);
  for (const [k, us] of [...chains.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
  }
}
