import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { tempDataDir } from './harness';
import { until } from './ws-client';

const ROOT = join(import.meta.dirname, '..', '..');

export interface HostProcess {
  url: string;
  child: ChildProcess;
  /** Settles when the process has exited. */
  exit: Promise<unknown>;
}

/**
 * The real headless host (`server/entry/host.ts`) in a child process on a fresh data folder,
 * for tests that must kill it (kill -9 durability). After the file's tests, what is left
 * running is killed and the folder removed.
 */
export function hostProcesses() {
  const children = new Set<ChildProcess>();
  const dataDir = tempDataDir();
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    async start(): Promise<HostProcess> {
      const args = ['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--no-rate-limit'];
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/entry/host.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, HEARTH_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      const exit = new Promise((resolve) => child.on('exit', resolve)).finally(() =>
        children.delete(child),
      );
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      await until(
        () => /This machine:\s+http/.test(out) || child.exitCode !== null,
        'the host',
        45_000,
      );
      const url = /This machine:\s+(http:\/\/\S+)/.exec(out)?.[1];
      if (!url) throw new Error(`host did not start:\n${out}`);
      return { url, child, exit };
    },
  };
}
