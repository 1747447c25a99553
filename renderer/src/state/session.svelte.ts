/**
 * Who is signed in. `status` drives the whole app: nothing but the auth screens renders until it
 * is 'authed', and everything tied to a session is rebuilt when the user changes.
 */
import type {
  ForumSettings,
  ForumState,
  LoginRequest,
  Me,
  Role,
  ServerInfo,
  SetupRequest,
  SignupRequest,
} from '@common/api';
import { api, ApiError, onUnauthenticated } from '../lib/api';

/** 'suspended': a moderator suspended this account while it was signed in (socket 4003). */
export type SessionStatus = 'loading' | 'anon' | 'authed' | 'unreachable' | 'suspended';

export class SessionState {
  status = $state<SessionStatus>('loading');
  me = $state<Me | null>(null);
  info = $state<ServerInfo | null>(null);
  /** Why the user is looking at the login screen, when it was not their choice. */
  notice = $state<string | null>(null);

  /**
   * `GET /api/forum`: whether the forum still needs setup (then nothing but the setup screens
   * shows), and its settings, kept current by `forum.updated` while signed in.
   */
  forum = $state<ForumState | null>(null);

  forumName = $derived(this.forum?.name || this.info?.name || 'Hearth');
  /** Owner and admins run the forum: settings, people, categories. */
  canManage = $derived(this.me?.role === 'owner' || this.me?.role === 'admin');

  constructor() {
    onUnauthenticated(() => this.expire());
  }

  async init(): Promise<void> {
    this.status = 'loading';
    api.info().then(
      (info) => (this.info = info),
      () => {}, // the name is cosmetic; `me` below reports reachability
    );
    try {
      // Setup comes before anything else: a new forum has nobody to welcome back.
      this.forum = await api.forum();
      if (this.forum.setupRequired) {
        this.me = null;
        this.status = 'anon';
        return;
      }
      this.me = await api.me();
      this.status = 'authed';
    } catch (e) {
      this.me = null;
      this.status = e instanceof ApiError && e.code === 'NETWORK' ? 'unreachable' : 'anon';
    }
  }

  async login(req: LoginRequest): Promise<void> {
    this.me = await api.login(req);
    this.notice = null;
    this.status = 'authed';
  }

  async signup(req: SignupRequest): Promise<void> {
    this.me = await api.signup(req);
    this.notice = null;
    this.status = 'authed';
  }

  /** First run: the forum and its owner in one go; the owner is then signed in. */
  async setup(req: SetupRequest): Promise<void> {
    const me = await api.setup(req);
    this.forum = await api.forum().catch(() => ({
      ...(this.forum ?? { signupOpen: true, minAge: 13 }),
      name: req.forum.name,
      description: req.forum.description,
      setupRequired: false,
    }));
    this.me = me;
    this.notice = null;
    this.status = 'authed';
  }

  /** Someone else finished setup (ALREADY_SET_UP): show the forum as it now is. */
  async refreshForum(): Promise<void> {
    try {
      this.forum = await api.forum();
      // After a gap (resync) the answer also carries my role as it is now.
      if (this.me && this.forum.role) this.me.role = this.forum.role;
    } catch {
      // Keep what we have; the next start reads it again.
    }
  }

  /** `forum.updated`: the settings as they are now. */
  applySettings(settings: ForumSettings): void {
    this.forum = { ...(this.forum ?? { setupRequired: false }), ...settings };
  }

  /** `user.updated` for me: what the UI offers follows my role at once. */
  applyMyRole(role: Role): void {
    if (this.me) this.me.role = role;
    if (this.forum) this.forum.role = role;
  }

  async logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      // Even if the request failed, hide everything: the cookie is HttpOnly and the server
      // ends the session on its next check anyway.
      this.me = null;
      this.notice = null;
      this.status = 'anon';
    }
  }

  /**
   * A moderator suspended this account (WS close 4003): every session ended. Shown full screen
   * until the person goes to the login screen, which then explains the suspension's end. Also
   * after a 401 that raced the close (the status is then already 'anon').
   */
  suspended(): void {
    if (this.status !== 'authed' && this.status !== 'anon') return;
    this.me = null;
    this.notice = null;
    this.status = 'suspended';
  }

  /** Leaves the suspension notice for the login screen. */
  toLogin(): void {
    this.status = 'anon';
  }

  /** The server says the session is gone (401 on a private route, or WS close 4401). */
  expire(): void {
    if (this.status !== 'authed') return;
    this.me = null;
    this.notice = 'Your session has ended. Please log in again.';
    this.status = 'anon';
  }
}
