import type {
  ForumSettings,
  ForumSettingsPatch,
  ForumState,
  Role,
  SignupRequest,
} from '../../common/api';
import { AppError } from '../errors/app-error';
import type { Writer } from '../events/outbox';
import type { ForumSettingsStore } from '../store/forum-settings.store';
import type { UsersStore } from '../store/users.store';
import type { WriteTx } from '../store/write-tx';
import type { SignupPolicy } from './accounts.service';
import { MANAGERS, type RolesService } from './roles.service';

/**
 * How a forum without an owner gets one. `token`: only through setup with the one-time token
 * (the default: a neighbour on the LAN cannot claim a new forum). `first-signup`: the first
 * account to sign up owns it, with the configured name and the usual categories (for tests
 * and tools that start throwaway forums on this machine; never on a shared network).
 */
export type SetupMode = 'token' | 'first-signup';

/** The forum's settings, whether it needs setup, and who may get an account. */
export class ForumService implements SignupPolicy {
  constructor(
    private readonly users: UsersStore,
    private readonly store: ForumSettingsStore,
    private readonly roles: RolesService,
    private readonly writer: Writer,
    private readonly options: { mode: SetupMode; defaultName: string },
  ) {}

  get mode(): SetupMode {
    return this.options.mode;
  }

  /** A forum needs setup until it has an owner (db/migrations/005: old forums have one). */
  setupRequired(): boolean {
    return this.users.owner() === undefined;
  }

  settings(): ForumSettings {
    return this.store.read(this.options.defaultName);
  }

  /** `GET /api/forum`; `viewerId` when the request carries a session. */
  state(viewerId?: number): ForumState {
    const role = viewerId === undefined ? undefined : this.roles.roleOf(viewerId);
    return {
      // In `first-signup` mode nobody sets the forum up: its first sign-up owns it, so the UI
      // must offer sign-up, not the setup screen.
      setupRequired: this.mode === 'token' && this.setupRequired(),
      ...this.settings(),
      ...(role === undefined ? {} : { role }),
    };
  }

  update(actorId: number, patch: ForumSettingsPatch): ForumSettings {
    this.roles.require(actorId, MANAGERS, "change the forum's settings");
    return this.writer.write((tx) => {
      this.store.write(tx, patch);
      const forum = this.settings();
      tx.event('forum.updated', { forum }, null);
      return forum;
    });
  }

  checkSignup(input: SignupRequest, via: 'signup' | 'admin'): void {
    if (this.mode === 'token' && this.setupRequired()) {
      throw new AppError(
        'SETUP_REQUIRED',
        'This forum is not set up yet: its host must finish setup before anyone can sign up.',
      );
    }
    const settings = this.settings();
    if (via === 'signup' && !settings.signupOpen) {
      throw new AppError(
        'SIGNUP_CLOSED',
        'Sign-up is closed on this forum: ask an admin to add you.',
      );
    }
    if (input.age < settings.minAge) {
      throw new AppError('VALIDATION_FAILED', `You must be at least ${settings.minAge}`, {
        field: 'age',
      });
    }
  }

  roleForNewAccount(_tx: WriteTx): Role {
    if (!this.setupRequired()) return 'member';
    if (this.mode === 'token') {
      throw new AppError('SETUP_REQUIRED', 'This forum is not set up yet.');
    }
    return 'owner';
  }
}
