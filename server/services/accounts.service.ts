import type { LoginRequest, Me, SignupRequest, UserRef } from '../../common/api';
import { isUniqueViolation } from '../../db/sqlite-errors';
import { PasswordHasherBusyError, type PasswordHasher } from '../auth/password-hasher';
import type { NewSession, SessionService } from '../auth/sessions.service';
import { AppError } from '../errors/app-error';
import type { Writer } from '../events/outbox';
import type { Logger } from '../logging/logger';
import type { UsersStore } from '../store/users.store';
import { toMe } from '../store/users.store';

export interface SignedIn {
  user: Me;
  session: NewSession;
}

/** Sign-up, login (by nickname or e-mail), logout and the user directory. */
export class AccountsService {
  constructor(
    private readonly users: UsersStore,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly writer: Writer,
    private readonly clock: () => number,
    private readonly log: Logger,
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
    try {
      user = this.writer.write((tx) => {
        const user = toMe(
          this.users.insert(tx, {
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
        // Everyone's user list grows live; the event commits with the account.
        tx.event('user.joined', { user: { id: user.id, nickname: user.nickname } }, null);
        return user;
      });
    } catch (err) {
      if (isUniqueViolation(err)) this.assertAvailable(input.nickname, input.email);
      throw err;
    }
    const session = this.startSession(user.id, previousSessionId);
    this.log.info('user signed up', { userId: user.id, nickname: user.nickname });
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
        const upgraded = await this.hasher.hash(input.password);
        this.writer.write((tx) => this.users.updatePasswordHash(tx, row.id, upgraded));
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
    return this.writer.write((tx) => {
      if (previousSessionId !== undefined) this.sessions.end(previousSessionId, 'replaced', tx);
      return this.sessions.create(userId);
    });
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
