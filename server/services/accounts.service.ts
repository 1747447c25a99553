import type { LoginRequest, Me, Role, SignupRequest, UserRef } from '../../common/api';
import { isUniqueViolation } from '../../db/sqlite-errors';
import { PasswordHasherBusyError, type PasswordHasher } from '../auth/password-hasher';
import type { NewSession, SessionService } from '../auth/sessions.service';
import { activeSuspension, suspendedMessage } from '../auth/suspension-state';
import { AppError } from '../errors/app-error';
import type { Transaction, Writer } from '../events/outbox';
import type { Logger } from '../logging/logger';
import type { UsersStore } from '../store/users.store';
import { toMe } from '../store/users.store';
import type { WriteTx } from '../store/write-tx';

export interface SignedIn {
  user: Me;
  session: NewSession;
}

/** Who may get an account, and with which role (ForumService: setup, settings, roles). */
export interface SignupPolicy {
  /**
   * Before any work: SETUP_REQUIRED, SIGNUP_CLOSED (not for `admin`, an admin adding a
   * person) or a VALIDATION_FAILED age under the forum's minimum.
   */
  checkSignup(input: SignupRequest, via: 'signup' | 'admin'): void;
  /** Inside the account's transaction, so two racing first sign-ups cannot both own. */
  roleForNewAccount(tx: WriteTx): Role;
  /** Inside a sign-up's transaction, after the account: takes an invite's use (issue 14). */
  admitInTx?(tx: WriteTx, input: SignupRequest): void;
}

/** What a new account is: its role, and more writes for its transaction (setup's). */
interface Registration {
  role: (tx: WriteTx) => Role;
  alsoInTx?: (tx: Transaction, user: Me) => void;
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
    private readonly policy: SignupPolicy | null = null,
    /** (rooms) In the account's transaction, after user.joined: joins the default room. */
    private readonly onRegistered: ((tx: Transaction, user: Me) => void) | null = null,
  ) {}

  /**
   * Creates the account and a session. `previousSessionId` (the caller's current session,
   * if any) is ended: a sign-in always gets a fresh token.
   */
  async signup(input: SignupRequest, previousSessionId?: number): Promise<SignedIn> {
    this.policy?.checkSignup(input, 'signup');
    const user = await this.register(input, {
      role: (tx) => this.policy?.roleForNewAccount(tx) ?? 'member',
      alsoInTx: (tx) => this.policy?.admitInTx?.(tx, input),
    });
    const session = this.startSession(user.id, previousSessionId);
    this.log.info('user signed up', { userId: user.id, nickname: user.nickname });
    return { user, session };
  }

  /** An admin adds a person (the way in when sign-up is closed): no session is made. */
  async add(input: SignupRequest, byUserId: number): Promise<Me> {
    this.policy?.checkSignup(input, 'admin');
    const user = await this.register(input, { role: () => 'member' });
    this.log.info('user added', { userId: user.id, nickname: user.nickname, by: byUserId });
    return user;
  }

  /**
   * Setup: the owner's account, with the forum's other first writes, and a session. `inTx`
   * runs in the account's transaction: `before` (re-checks that nobody won a race) and
   * `after` (the template, the settings).
   */
  async createOwner(
    input: SignupRequest,
    inTx: { before: (tx: WriteTx) => void; after: (tx: Transaction, user: Me) => void },
    previousSessionId?: number,
  ): Promise<SignedIn> {
    const user = await this.register(input, {
      role: (tx) => {
        inTx.before(tx);
        return 'owner';
      },
      alsoInTx: inTx.after,
    });
    const session = this.startSession(user.id, previousSessionId);
    this.log.info('forum set up', { ownerId: user.id, nickname: user.nickname });
    return { user, session };
  }

  private async register(input: SignupRequest, how: Registration): Promise<Me> {
    // Checked before the slow hash so a taken name fails fast; the unique indexes still
    // decide when two sign-ups race.
    this.assertAvailable(input.nickname, input.email);
    const passwordHash = await this.hasher.hash(input.password);
    let user: Me;
    try {
      user = this.writer.write((tx) => {
        const role = how.role(tx);
        const inserted = toMe(
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
        if (role !== 'member') this.users.setRole(tx, inserted.id, role);
        const user: Me = { ...inserted, role };
        how.alsoInTx?.(tx, user);
        // Everyone's user list grows live; the event commits with the account.
        tx.event('user.joined', { user: { id: user.id, nickname: user.nickname } }, null);
        this.onRegistered?.(tx, user);
        return user;
      });
    } catch (err) {
      if (isUniqueViolation(err)) this.assertAvailable(input.nickname, input.email);
      throw err;
    }
    return user;
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
    // Only after the password: a suspension is told to the account's holder, not to guessers.
    const suspension = activeSuspension(row, this.clock());
    if (suspension) {
      throw new AppError('SUSPENDED', suspendedMessage(suspension.until), {
        suspendedUntil: suspension.until,
      });
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
