import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';

/**
 * The one-time setup token: made at start while the forum has no owner, printed by the host
 * (or written to `--setup-token-file`), never stored in the database or logged. A restart
 * before setup makes a new one. Compared in constant time; void once setup has run.
 */
export class SetupToken {
  private token: string | null = null;

  /** Makes a token if there is none yet; returns it. */
  make(): string {
    this.token ??= randomBytes(24).toString('base64url');
    return this.token;
  }

  /** The live token, or null (setup done, or not needed). */
  get current(): string | null {
    return this.token;
  }

  matches(candidate: string): boolean {
    if (this.token === null) return false;
    // Hashing first gives equal lengths, so timingSafeEqual can compare any input.
    const digest = (s: string) => createHash('sha256').update(s).digest();
    return timingSafeEqual(digest(candidate), digest(this.token));
  }

  consume(): void {
    this.token = null;
  }
}
