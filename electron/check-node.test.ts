/**
 * build/check-node.mjs, the `pre` script of the commands that load better-sqlite3: on a Node
 * too old for its Node-API 10 binary it stops with one line instead of the segmentation
 * fault that loading it would give. The decision is checked on version tables; the script is
 * run for real by this Node (which passes) and by Node 20's versions (which it refuses).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeTooOld } from '../build/check-node.mjs';

const SCRIPT = join(resolve(import.meta.dirname, '..'), 'build', 'check-node.mjs');

describe('nodeTooOld', () => {
  it.each([
    ['20.20.2', '9', false],
    ['22.11.0', '9', false],
    ['22.12.0', '10', true],
    ['22.23.3', '10', true],
    ['24.21.0', '10', true],
    ['25.0.0', '10', true],
  ])('Node %s (Node-API %s): runs Hearth = %s', (node, napi, runs) => {
    const line = nodeTooOld({ node, napi });
    expect(line === null).toBe(runs);
    if (line) {
      expect(line).toContain(`Node ${node} is too old`);
      expect(line).toContain('Node 22.12 or newer');
      expect(line).toContain(`this Node has ${napi}`);
    }
  });

  it('refuses a Node whose Node-API is too old whatever its version says', () => {
    expect(nodeTooOld({ node: '22.12.0', napi: '9' })).toMatch(/Node-API 10/);
    expect(nodeTooOld({ node: '22.12.0' })).toMatch(/this Node has 0/);
  });
});

describe('the script', () => {
  it('passes silently on the Node running the tests (Hearth’s tests need one that runs it)', () => {
    const run = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('stops with one line and status 1 on an older Node', () => {
    // The same script with process.versions as Node 20.20.2 reports them.
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"20.20.2",napi:"9"}})',
        SCRIPT,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^hearth: Node 20\.20\.2 is too old: .*Install Node 22 or 24/),
    ]);
  });
});
