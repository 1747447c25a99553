/**
 * The Hearth server under test, in its own process: createForumServer on the seeded data
 * folder (rate limits off, bcrypt cost 10), plus the stats probe. Started by bench/live.ts.
 * Usage: node --import tsx --expose-gc bench/support/live-host.ts <dataDir> [liveTuningJson]
 */
import type { ForumServerOptions } from '../../server/index';
import { startBenchServer } from './bench-server';
import { traceDms } from './live-trace';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: live-host.ts <dataDir> [liveTuningJson]');
// Checked by createForumServer's own schema (an unknown or bad field fails the start).
const live = JSON.parse(process.argv[3] ?? '{}') as ForumServerOptions['live'];

const traceFile = process.env.BENCH_DM_TRACE;
if (traceFile) traceDms(traceFile);

const port = await startBenchServer(dataDir, live);
process.send?.({ type: 'ready', port });
