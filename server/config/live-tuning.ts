import { z } from 'zod';

export type ChatFsync = 'pool' | 'inline' | 'full';

/** Timings and bounds of the WebSocket live layer (docs/protocol.md explains each). */
export interface LiveTuning {
  /** Ping every socket this often; one that has not answered the previous ping is cut. */
  heartbeatMs: number;
  /** A typing indicator ends by itself after this long without a refresh. */
  typingTimeoutMs: number;
  /** How long a new socket waits for `resume` before live durable events flow anyway. */
  resumeGraceMs: number;
  /** A resume that would replay more than this (events or bytes) gets `resync` instead. */
  replayMaxEvents: number;
  replayMaxBytes: number;
  /**
   * Chat sends (and REST posts and comments) are group-committed: one transaction, one fsync
   * for everything that arrived since the last commit. When idle a write commits at once;
   * under load the writes that arrive during a commit form the next group. Back-to-back
   * commits may pause `groupCommitPausePercent` % of the last commit's time between them
   * (0, the default: no pause, the lowest latency; 100: the event loop spends at most half
   * its time in fsyncs and each commit carries more, for less CPU per message, at a few ms
   * of latency), and a write never waits more than `groupCommitMs` for its commit to start
   * (docs/protocol.md, "Group commit"; bench/README.md has the figures of both).
   */
  groupCommitMs: number;
  groupCommitPausePercent: number;
  /**
   * Under load (a chat commit ended less than `groupCommitMs` ago), a commit first lets the
   * event loop read this many more turns of sockets, while each turn brings more sends: a
   * burst of sends arriving over a few hundred µs then commits as one batch (one fsync)
   * instead of its first send alone and the rest behind it. Idle: at once. 2 (the
   * default): on a quiet machine, live.ts's DM p50 and CPU per DM fell in each of five
   * alternated pairs against 0 (never), median p50 2.89 → 2.19 ms (bench/README.md, fifth
   * pass).
   */
  groupCommitGatherTurns: number;
  /** A socket whose unsent data passes this is closed with 4408 (it resumes on reconnect). */
  maxBufferedBytes: number;
  /** With more people online than this, presence goes only to each person's chat contacts. */
  presenceBroadcastMax: number;
  /**
   * Presence changes are gathered for this long and sent together (one write per socket),
   * so a crowd arriving at once costs a few writes per socket, not one per arrival.
   */
  presenceBatchMs: number;
  /**
   * While batches follow one another (a reconnect storm after a restart), the window doubles
   * up to this: each batch costs a write to every socket it reaches.
   */
  presenceBatchMaxMs: number;
  maxSocketsPerUser: number;
  /**
   * While WebSocket handshakes come back to back (a reconnect storm), their session checks
   * run in batches, one query per batch (server/live/handshake-batch.ts); the wait between
   * batches doubles from 1 ms while they fill, up to this (ms). A handshake after a calm
   * spell waits only for the next event-loop turn. 0: a batch every turn.
   */
  handshakeBatchMs: number;
  /** This many rate-limited messages within `floodWindowMs` close the socket with 1008. */
  floodRejections: number;
  floodWindowMs: number;
  /** After a flood close (1008), the user's new sockets are refused (429) for this long. */
  floodCooldownMs: number;
  /**
   * While another program holds the database's write lock, chat sends wait in memory (retried
   * from a timer) at most this long; then their senders get UNAVAILABLE and may resend.
   */
  lockedWriteMaxWaitMs: number;
  /** The event log keeps events this long, and at most this many. */
  eventRetentionMs: number;
  eventMaxRows: number;
  /**
   * true sends every frame through `ws.send` instead of the live layer's own transport
   * (pre-built frames, corked raw-socket writes): a switch for bisecting a transport bug
   * (server/live/transport/README.md). Off by default.
   */
  plainTransport: boolean;
  /**
   * How a chat batch is made durable before it is told (server/live/wal-pipeline.ts):
   * 'inline' (the default) commits with synchronous=NORMAL and fdatasyncs the WAL on the
   * event loop right after; 'pool' does that fdatasync on the libuv thread pool while the
   * event loop goes on (for a disk whose fsync is slow); 'full' commits with
   * synchronous=FULL (SQLite's own fsync inside COMMIT), as before. All three are equally
   * durable (db/README.md, "Commits and fsync"). bench/README.md, fourth pass, compares them:
   * here 'inline' cost the least CPU and held the event loop no longer than 'pool'.
   */
  chatFsync: ChatFsync;
}

export const DEFAULT_LIVE_TUNING: LiveTuning = {
  heartbeatMs: 30_000,
  typingTimeoutMs: 5_000,
  resumeGraceMs: 300,
  replayMaxEvents: 2_000,
  replayMaxBytes: 512 * 1024,
  groupCommitMs: 25,
  groupCommitPausePercent: 0,
  groupCommitGatherTurns: 2,
  maxBufferedBytes: 1024 * 1024,
  presenceBroadcastMax: 500,
  presenceBatchMs: 50,
  presenceBatchMaxMs: 400,
  maxSocketsPerUser: 32,
  handshakeBatchMs: 20,
  floodRejections: 30,
  floodWindowMs: 10_000,
  floodCooldownMs: 30_000,
  lockedWriteMaxWaitMs: 10_000,
  eventRetentionMs: 14 * 24 * 60 * 60 * 1000,
  eventMaxRows: 1_000_000,
  plainTransport: false,
  chatFsync: 'inline',
};

/** The `live` server option: any subset of LiveTuning. */
type NumericTuning = Exclude<keyof LiveTuning, 'plainTransport' | 'chatFsync'>;

export const liveTuningSchema = z.strictObject({
  ...(Object.fromEntries(
    Object.keys(DEFAULT_LIVE_TUNING)
      .filter((k) => k !== 'plainTransport' && k !== 'chatFsync')
      .map((k) => [
        k,
        k === 'groupCommitPausePercent' ||
        k === 'handshakeBatchMs' ||
        k === 'groupCommitGatherTurns'
          ? z.number().int().nonnegative().optional()
          : z.number().int().positive().optional(),
      ]),
  ) as Record<NumericTuning, z.ZodOptional<z.ZodNumber>>),
  plainTransport: z.boolean().optional(),
  chatFsync: z.enum(['pool', 'inline', 'full']).optional(),
});
