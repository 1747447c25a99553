import type { LoginRequest, Me, SignupRequest, UserRef } from '../../common/api';
import type { Db } from '../../db/open-db';
import { PasswordHasherBusyError, type PasswordHasher } from '../auth/password-hasher';
import type { NewSession, SessionService } from '../auth/sessions.service';
import { AppError } from '../errors/app-error';
import type { ForumEventBus } from '../events/forum-events';
import { NO_JOURNAL, type ForumJournal } from '../events/forum-journal';
import type { Logger } from '../logging/logger';
import type { UsersStore } from '../store/users.store';
import { toMe } from '../store/users.store';

export interface SignedIn {
  user: Me;
  session: NewSession;
}

const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' &&
  err !== null &&
  (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** Sign-up, login (by nickname or e-mail), logout and the user directory. */
export class AccountsService {
  constructor(
    private readonly db: Db,
    private readonly users: UsersStore,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly bus: ForumEventBus,
    private readonly clock: () => number,
    private readonly log: Logger,
    private readonly journal: ForumJournal = NO_JOURNAL,
  ) {}

  /**
   * Creates the account and a session. `previousSessionId` (the caller's current session,
   * if any) is ended: a sign-in always gets a fresh token.
   */
  async signup(input: SignupRequest, previousSessionId?: number): Promise<SignedIn> {
    // Checked before the slow hash so a taken name fails fast; the unique indexes still
    // decide when two sign-ups race.
    this.assertAvailable(input.nickname, input.email);
    const passwordHash = await this.hasher.hash(input.password);
    let user: Me;
    let publish: () => void;
    try {
      ({ user, publish } = this.db.transaction(() => {
        const user = toMe(
          this.users.insert({
            nickname: input.nickname,
            email: input.email,
            passwordHash,
            firstName: input.firstName,
            lastName: input.lastName,
            age: input.age,
            gender: input.gender,
            createdAt: new Date(this.clock()).toISOString(),
          }),
        );
        // The user.joined event-log row commits with the account (see ForumJournal).
        const ref = { id: user.id, nickname: user.nickname };
        return { user, publish: this.journal.record('user.signedUp', { user: ref }) };
      })());
    } catch (err) {
      if (isUniqueViolation(err)) this.assertAvailable(input.nickname, input.email);
      throw err;
    }
    publish();
    const session = this.startSession(user.id, previousSessionId);
    this.log.info('user signed up', { userId: user.id, nickname: user.nickname });
    this.bus.emit('user.signedUp', { user: { id: user.id, nickname: user.nickname } });
    return { user, session };
  }

  async login(input: LoginRequest, previousSessionId?: number): Promise<SignedIn> {
    const row = this.users.byLogin(input.login);
    // Unknown users cost a full hash too, so timing does not reveal which logins exist.
    const ok = row
      ? await this.hasher.verify(input.password, row.password_hash)
      : await this.hasher.verifyDummy(input.password);
    if (!row || !ok) {
      throw new AppError('INVALID_CREDENTIALS', 'Wrong nickname, e-mail or password.');
    }
    if (this.hasher.costOf(row.password_hash) < this.hasher.cost) {
      // Hashes made with a lower cost are upgraded while we hold the plain password; when
      // the hashing queue is full, at a later login rather than failing this one.
      try {
        this.users.updatePasswordHash(row.id, await this.hasher.hash(input.password));
      } catch (err) {
        if (!(err instanceof PasswordHasherBusyError)) throw err;
      }
    }
    return { user: toMe(row), session: this.startSession(row.id, previousSessionId) };
  }

  logout(sessionId: number): void {
    this.sessions.end(sessionId, 'logout');
  }

  /** Everyone but the caller, by nickname (case-insensitive). */
  directory(userId: number): UserRef[] {
    return this.users.directory(userId);
  }

  private startSession(userId: number, previousSessionId: number | undefined): NewSession {
    return this.db.transaction(() => {
      if (previousSessionId !== undefined) this.sessions.end(previousSessionId, 'replaced');
      return this.sessions.create(userId);
    })();
  }

  private assertAvailable(nickname: string, email: string): void {
    if (this.users.byNickname(nickname)) {
      throw new AppError('NICKNAME_TAKEN', `The nickname "${nickname}" is already taken.`, {
        field: 'nickname',
      });
    }
    if (this.users.byEmail(email)) {
      throw new AppError('EMAIL_TAKEN', 'An account with this e-mail already exists.', {
        field: 'email',
      });
    }
  }
}
