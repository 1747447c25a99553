/**
 * `npm run dist` never leaves `npm test` broken (build/dist-run.mjs, native-backup.mjs,
 * restore-native.mjs): a real dist run in a child process, its packaging step replaced by a
 * script that swaps in an "Electron" binding and waits, is stopped by SIGTERM, Ctrl+C, a failed
 * step, a crash, or SIGKILL; each time the Node build is back, by itself or at the next command.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backupNodeBuild,
  nativePaths,
  nativeState,
  processAlive,
  type NativePaths,
} from '../build/native-backup.mjs';
import { restoreIfInterrupted, restoreMessage } from '../build/restore-native.mjs';
import { abiFixture } from './native-module.fake';

const BUILD = resolve(import.meta.dirname, '..', 'build');
const NODE_ABI = Number(process.versions.modules);
const NODE_BUILD = abiFixture(NODE_ABI);
/** Another Node's ABI (22's or 24's, whichever this is not). */
const OTHER_NODE_ABI = NODE_ABI === 137 ? 127 : 137;
const ELECTRON_BUILD = abiFixture(150);

let dir: string;
let paths: NativePaths;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-dist-'));
  paths = nativePaths(dir);
  mkdirSync(join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release'), { recursive: true });
  writeFileSync(paths.binding, NODE_BUILD);
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A dist run in its own process. Its one step stands in for electron-builder: it rebuilds the
 * binding "for Electron" (and writes the marker @electron/rebuild leaves), says so, and waits.
 */
function startDist(step: 'wait' | 'fail' = 'wait', crash = false) {
  const stepScript = `
    const fs = require('node:fs');
    fs.writeFileSync(${JSON.stringify(paths.binding)}, Buffer.from(${JSON.stringify(ELECTRON_BUILD.toString('base64'))}, 'base64'));
    fs.writeFileSync(${JSON.stringify(paths.forgeMeta)}, 'linux--x64--150');
    fs.writeFileSync(${JSON.stringify(join(dir, 'step.pid'))}, String(process.pid));
    ${step === 'fail' ? 'process.exit(3);' : 'setInterval(() => {}, 1000);'}`;
  const driver = join(dir, 'driver.mjs');
  writeFileSync(
    driver,
    `import { runDist } from ${JSON.stringify(pathToFileURL(join(BUILD, 'dist-run.mjs')).href)};
     const paths = ${JSON.stringify(paths)};
     ${crash ? "setTimeout(() => { throw new Error('boom'); }, 300);" : ''}
     const status = await runDist({ paths, steps: [{ command: process.execPath, args: ['-e', ${JSON.stringify(stepScript)}] }] });
     process.exit(status);`,
  );
  const child = spawn(process.execPath, [driver], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return { child, exited, output: () => output };
}

async function stepRunning(): Promise<number> {
  await vi.waitFor(
    () => {
      if (!existsSync(join(dir, 'step.pid'))) throw new Error('step not started');
    },
    { timeout: 10_000, interval: 25 },
  );
  const pid = Number(readFileSync(join(dir, 'step.pid'), 'utf8'));
  // Stand-in steps are orphaned when their parent is killed hard: clean them up too.
  const orphan = { kill: (s: NodeJS.Signals) => processAlive(pid) && process.kill(pid, s) };
  children.push(orphan as unknown as ChildProcess);
  expect(readFileSync(paths.binding)).toEqual(ELECTRON_BUILD);
  return pid;
}

function expectNodeBuildBack() {
  expect(readFileSync(paths.binding)).toEqual(NODE_BUILD);
  expect(existsSync(paths.forgeMeta)).toBe(false);
  expect(existsSync(paths.lock)).toBe(false);
}

describe('npm run dist restores the Node build however it ends', () => {
  it.skipIf(process.platform === 'win32').each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('on %s: stops the step, restores, exits %i', async (signal, status) => {
    const run = startDist();
    await stepRunning();
    run.child.kill(signal);
    expect((await run.exited).code).toBe(status);
    expectNodeBuildBack();
    expect(run.output()).toContain(`dist: ${signal}: stopping`);
    expect(run.output()).toContain('dist: restored the Node build of better-sqlite3');
  });

  it('when a step fails: its status, Node build restored', async () => {
    const run = startDist('fail');
    expect((await run.exited).code).toBe(3);
    expectNodeBuildBack();
  });

  it('when the dist process itself crashes', async () => {
    const run = startDist('wait', true);
    const step = await stepRunning();
    const { code } = await run.exited;
    expect(code).not.toBe(0);
    expect(run.output()).toContain('boom');
    expectNodeBuildBack();
    // The packaging step is stopped too, so it cannot go on writing into node_modules.
    await vi.waitFor(() => expect(processAlive(step)).toBe(false), { timeout: 5000 });
  });

  it.skipIf(process.platform === 'win32')(
    'after SIGKILL, the next command restores it and says so in one line',
    async () => {
      const run = startDist();
      const step = await stepRunning();
      run.child.kill('SIGKILL');
      await run.exited;
      process.kill(step, 'SIGKILL');
      expect(existsSync(paths.lock)).toBe(true);
      expect(nativeState(paths, NODE_ABI)).toEqual({ action: 'restore', abis: [150] });

      const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        expect(restoreIfInterrupted(paths, NODE_ABI)).toBe('restore');
        expect(write).toHaveBeenCalledTimes(1);
        const line = String(write.mock.calls[0]?.[0]);
        expect(line).toMatch(
          /^hearth: an interrupted `npm run dist` left better-sqlite3 built for Electron \(ABI 150\).*restored the Node build/,
        );
        expect(line.trim().split('\n')).toHaveLength(1);
        // Nothing more to do on the next command, and nothing said.
        expect(restoreIfInterrupted(paths, NODE_ABI)).toBe('ok');
        expect(write).toHaveBeenCalledTimes(1);
      } finally {
        write.mockRestore();
      }
      expectNodeBuildBack();
    },
  );
});

describe('restore-native decisions', () => {
  it('forces the rebuild: the backup step deletes @electron/rebuild’s skip marker', () => {
    writeFileSync(paths.forgeMeta, 'linux--x64--150');
    backupNodeBuild(paths, 999_999);
    expect(existsSync(paths.forgeMeta)).toBe(false);
    expect(readFileSync(paths.backup)).toEqual(NODE_BUILD);
  });

  it('leaves a running dist alone', () => {
    backupNodeBuild(paths, 4242);
    writeFileSync(paths.binding, ELECTRON_BUILD);
    expect(nativeState(paths, NODE_ABI, (pid) => pid === 4242)).toEqual({
      action: 'busy',
      pid: 4242,
    });
    expect(restoreMessage({ action: 'busy', pid: 4242 }, NODE_ABI).restore).toBe(false);
  });

  it('clears a stale lock quietly when the binding is fine, and keeps that binding', () => {
    backupNodeBuild(paths, 4242);
    // Since then (say) better-sqlite3 was upgraded: a newer Node build than the backup.
    const newer = Buffer.concat([abiFixture(NODE_ABI), Buffer.from('newer')]);
    writeFileSync(paths.binding, newer);
    expect(nativeState(paths, NODE_ABI, () => false)).toEqual({ action: 'ok', staleLock: true });
    expect(restoreIfInterrupted(paths, NODE_ABI)).toBe('ok');
    expect(existsSync(paths.lock)).toBe(false);
    expect(readFileSync(paths.binding)).toEqual(newer);
  });

  it('asks for a rebuild when the binding fits another Node and no backup fits this one', () => {
    writeFileSync(paths.binding, abiFixture(OTHER_NODE_ABI));
    expect(nativeState(paths, NODE_ABI)).toEqual({ action: 'rebuild', abis: [OTHER_NODE_ABI] });
    expect(restoreMessage({ action: 'rebuild', abis: [OTHER_NODE_ABI] }, NODE_ABI).line).toMatch(
      new RegExp(
        `built for ABI ${OTHER_NODE_ABI} but this Node .* needs ABI ${NODE_ABI}: run \`npm rebuild better-sqlite3\`\\.$`,
      ),
    );
  });

  it('says nothing before npm install (no binding)', () => {
    rmSync(paths.binding);
    expect(nativeState(paths, NODE_ABI)).toEqual({ action: 'missing' });
  });
});
