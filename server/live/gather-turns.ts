import type { LiveTuning } from '../config/server-config';

/**
 * The chat group commit's gather turns (`groupCommitGatherTurns`): under load (a commit
 * ended less than `groupCommitMs` ago), a commit first lets the event loop run one more turn
 * (setImmediate: a poll for sockets already readable, no timer), and another while each turn
 * brings more writes, up to the tuning's count. The rest of a burst of sends then joins the
 * batch instead of waiting behind its first send's commit and fsync. Idle: no turn at all.
 */
export class GatherTurns {
  /** Turns given to the batch now forming, and how many writes waited at the last one. */
  private turns = 0;
  private size = 0;

  constructor(
    private readonly tuning: Pick<LiveTuning, 'groupCommitGatherTurns' | 'groupCommitMs'>,
  ) {}

  /** True: wait one more turn before committing `pending` writes (the caller asks for it). */
  another(now: number, lastCommitEnd: number, pending: number, maxBatch: number): boolean {
    const more =
      this.turns < this.tuning.groupCommitGatherTurns &&
      now - lastCommitEnd < this.tuning.groupCommitMs &&
      pending < maxBatch &&
      (this.turns === 0 || pending > this.size);
    if (!more) {
      this.turns = 0;
      return false;
    }
    this.turns++;
    this.size = pending;
    return true;
  }
}
