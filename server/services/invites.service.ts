import { randomBytes } from 'node:crypto';
import type {
  DiscoverySettings,
  Invite,
  InviteCheck,
  InviteCreateRequest,
  Role,
  SignupRequest,
} from '../../common/api';
import { AppError } from '../errors/app-error';
import type { Transaction, Writer } from '../events/outbox';
import type { InviteRow, InvitesStore } from '../store/invites.store';
import type { WriteTx } from '../store/write-tx';
import type { SignupPolicy } from './accounts.service';
import type { ForumService } from './forum.service';
import { MANAGERS, type RolesService } from './roles.service';

/** An admin's list shows this many of the newest invites. */
const LIST_LIMIT = 100;
const HOUR_MS = 60 * 60 * 1000;

type InviteState = Invite['state'];

function stateOf(row: InviteRow, now: number): InviteState {
  if (row.revoked_ms !== null) return 'revoked';
  if (row.expires_ms !== null && row.expires_ms <= now) return 'expired';
  if (row.max_uses !== null && row.uses >= row.max_uses) return 'used-up';
  return 'active';
}

const ENDED_TEXT: Record<Exclude<InviteState, 'active'> | 'unknown', string> = {
  unknown: 'This invite link is not valid: ask for a new one.',
  expired: 'This invite link has expired: ask for a new one.',
  'used-up': 'This invite link has been used as many times as it allows: ask for a new one.',
  revoked: 'This invite link was withdrawn: ask for a new one.',
};

/** Invite links: made and revoked by the owner and admins, used by sign-up. */
export class InvitesService {
  constructor(
    private readonly store: InvitesStore,
    private readonly roles: RolesService,
    private readonly writer: Writer,
    private readonly clock: () => number,
  ) {}

  private toInvite(row: InviteRow): Invite {
    return {
      id: row.id,
      code: row.code,
      createdBy: { id: row.created_by, nickname: row.creator_nickname },
      createdAt: new Date(row.created_ms).toISOString(),
      expiresAt: row.expires_ms === null ? null : new Date(row.expires_ms).toISOString(),
      maxUses: row.max_uses,
      uses: row.uses,
      state: stateOf(row, this.clock()),
    };
  }

  canCreate(role: Role | undefined): boolean {
    return role !== undefined && MANAGERS.includes(role);
  }

  /**
   * Invite links are the owner's and admins' business: each gets the event (an event goes to
   * everyone or to one or two people; managers are few), replayed on that one's resume.
   */
  private toManagers<T extends 'invite.created' | 'invite.revoked' | 'discovery.updated'>(
    tx: Transaction,
    type: T,
    payload: T extends 'discovery.updated' ? DiscoverySettings : { invite: Invite },
  ): void {
    for (const m of this.roles.staff()) {
      if (MANAGERS.includes(m.role)) tx.event(type, payload as never, [m.id]);
    }
  }

  create(actorId: number, input: InviteCreateRequest): Invite {
    this.roles.require(actorId, MANAGERS, 'make invite links');
    const now = this.clock();
    return this.writer.write((tx) => {
      const id = this.store.insert(tx, {
        code: randomBytes(16).toString('base64url'),
        createdBy: actorId,
        createdMs: now,
        expiresMs: input.expiresInHours === null ? null : now + input.expiresInHours * HOUR_MS,
        maxUses: input.maxUses,
      });
      const invite = this.toInvite(this.store.byId(id)!);
      this.toManagers(tx, 'invite.created', { invite });
      return invite;
    });
  }

  /** The LAN announcement's setting (owner, admins). */
  discovery(actorId: number): DiscoverySettings {
    this.roles.require(actorId, MANAGERS, 'see how the forum is announced');
    return { showOnline: this.store.showOnline() };
  }

  /** Whether the LAN announcement carries the online count, for the announcer. */
  showOnline(): boolean {
    return this.store.showOnline();
  }

  setDiscovery(actorId: number, settings: DiscoverySettings): DiscoverySettings {
    this.roles.require(actorId, MANAGERS, 'change how the forum is announced');
    if (settings.showOnline === this.store.showOnline()) return settings;
    this.writer.write((tx) => {
      this.store.setShowOnline(tx, settings.showOnline);
      this.toManagers(tx, 'discovery.updated', settings);
    });
    return settings;
  }

  list(actorId: number): Invite[] {
    this.roles.require(actorId, MANAGERS, 'see invite links');
    return this.store.recent(LIST_LIMIT).map((r) => this.toInvite(r));
  }

  revoke(actorId: number, id: number): Invite {
    this.roles.require(actorId, MANAGERS, 'withdraw invite links');
    const row = this.store.byId(id);
    if (!row) throw new AppError('NOT_FOUND', 'There is no such invite link.');
    // Withdrawing it twice changes nothing and tells nobody again.
    if (row.revoked_ms !== null) return this.toInvite(row);
    return this.writer.write((tx) => {
      this.store.revoke(tx, id, this.clock());
      const invite = this.toInvite(this.store.byId(id)!);
      this.toManagers(tx, 'invite.revoked', { invite });
      return invite;
    });
  }

  check(code: string, forumName: string): InviteCheck {
    const row = this.store.byCode(code);
    if (!row) return { valid: false, reason: 'unknown' };
    const state = stateOf(row, this.clock());
    if (state !== 'active') return { valid: false, reason: state };
    return {
      valid: true,
      forumName,
      expiresAt: row.expires_ms === null ? null : new Date(row.expires_ms).toISOString(),
    };
  }

  /** Throws INVITE_INVALID, saying why, unless the invite lets someone in now. */
  assertUsable(code: string): void {
    const row = this.store.byCode(code);
    const state = row ? stateOf(row, this.clock()) : 'unknown';
    if (state !== 'active')
      throw new AppError('INVITE_INVALID', ENDED_TEXT[state], { field: 'invite' });
  }

  /** Takes one use in the account's transaction; the sign-up rolls back if it is gone. */
  use(tx: WriteTx, code: string): void {
    if (!this.store.use(tx, code, this.clock())) this.assertUsable(code);
    if (!this.store.byCode(code)) throw new AppError('INVITE_INVALID', ENDED_TEXT.unknown);
  }
}

/**
 * The forum's sign-up policy with invites: with sign-up closed, a usable invite lets a new
 * person in (the age and setup rules still apply) and takes one of its uses in the
 * account's transaction; with sign-up open an invite is not needed, and a usable one is
 * still counted.
 */
export function signupPolicyWithInvites(
  forum: ForumService,
  invites: InvitesService,
): SignupPolicy {
  const closed = () => !forum.settings().signupOpen;
  return {
    checkSignup(input: SignupRequest, via: 'signup' | 'admin'): void {
      if (via === 'signup' && input.invite !== undefined && closed()) {
        invites.assertUsable(input.invite);
        // The invite stands in for open sign-up: the rest is checked as for an admin's add.
        forum.checkSignup(input, 'admin');
        return;
      }
      forum.checkSignup(input, via);
    },
    roleForNewAccount: (tx) => forum.roleForNewAccount(tx),
    admitInTx(tx: WriteTx, input: SignupRequest): void {
      if (input.invite === undefined) return;
      if (closed()) invites.use(tx, input.invite);
      else if (invites.check(input.invite, '').valid) invites.use(tx, input.invite);
    },
  };
}
