/**
 * The body of `npm run dist`, apart from which commands it runs (dist.mjs names them, the
 * tests give stand-ins): back up the Node build of better-sqlite3, run the steps one after
 * another, and put the Node build back however the run ends: success, a failed step, Ctrl+C,
 * SIGTERM, SIGHUP, or an exception in this process. Only SIGKILL (or a power cut) skips the
 * restore; then the lock left behind makes the next npm command restore it (restore-native.mjs).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { backupNodeBuild, restoreNodeBuild } from './native-backup.mjs';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Resolves with the exit code to use. `steps` are `{ command, args, options }` (node-bin.mjs).
 * `say` prints one line. The process-wide handlers it installs are removed when it ends.
 */
export function runDist({ paths, steps, say = (line) => process.stdout.write(`${line}\n`) }) {
  backupNodeBuild(paths);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    restoreNodeBuild(paths);
  };
  let child = null;
  // Last resort for a crash in this process: 'exit' handlers run synchronously, as does the
  // restore; the step still running would otherwise go on rebuilding into node_modules.
  const onExit = () => {
    child?.kill('SIGTERM');
    restore();
  };
  process.on('exit', onExit);

  let stopping = null;
  const onSignal = (signal) => {
    if (stopping) return; // npm passes one Ctrl+C on twice; the first one counts
    stopping = signal;
    say(`dist: ${signal}: stopping, then restoring the Node build of better-sqlite3…`);
    child?.kill(signal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);

  const runStep = ({ command, args, options }) =>
    new Promise((resolveStep) => {
      child = spawn(command, args, { stdio: 'inherit', ...options });
      child.on('error', (err) => {
        say(`dist: could not start ${command} (${err.message})`);
        resolveStep(1);
      });
      child.on('exit', (code, signal) => resolveStep(code ?? (signal ? 1 : 0)));
    });

  return (async () => {
    let status = 0;
    try {
      for (const step of steps) {
        if (stopping) break;
        status = await runStep(step);
        if (status !== 0) break;
      }
    } finally {
      child = null;
      restore();
      process.off('exit', onExit);
      for (const signal of SIGNALS) process.off(signal, onSignal);
      say('dist: restored the Node build of better-sqlite3 (npm test works again).');
    }
    // The conventional status of a process ended by that signal (130 for Ctrl+C).
    return stopping ? 128 + constants.signals[stopping] : status;
  })();
}
