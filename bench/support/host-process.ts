import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface HostProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM and wait for the clean exit. */
  stop(): Promise<void>;
}

/**
 * Runs the real headless host (`server/entry/host.ts`) in its own process, so the load
 * generator's CPU does not share the server's event loop.
 */
export async function startHostProcess(
  args: string[],
  env: Record<string, string> = {},
): Promise<HostProcess> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the host there (at its clean exit).
  const prof = process.env.BENCH_CPU_PROF;
  const node = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  const child = spawn(
    process.execPath,
    [...node, '--import', 'tsx', 'server/entry/host.ts', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, HEARTH_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = /This machine:\s+(http:\/\/\S+)/.exec(output);
    if (m?.[1]) {
      const url = m[1];
      return {
        url,
        child,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the host did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The process's CPU time (user + system, ms) from /proc, for per-phase CPU figures. */
export function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}
