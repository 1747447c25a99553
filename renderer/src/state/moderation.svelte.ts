/**
 * What a moderator's controls need: who holds which role (staff from GET /api/forum/staff,
 * everyone else a member), kept current by `user.updated`. Only loaded for staff.
 */
import { createContext } from 'svelte';
import type { Me, Role, UserWithRole } from '@common/api';
import { request } from '../lib/api';
import { isStaff, maySuspend } from '../lib/moderation-rules';
import type { SocketClient } from '../lib/socket';

export class ModerationState {
  #roles = $state<Record<number, Role>>({});
  #off: () => void;

  constructor(
    private readonly me: Me,
    socket: SocketClient,
  ) {
    this.#off = socket.on('user.updated', (e) => {
      this.#roles[e.payload.user.id] = e.payload.user.role;
    });
  }

  /** Read from `me`, so a role given or taken (user.updated) shows at once. */
  get staff(): boolean {
    return isStaff(this.me.role);
  }

  async load(): Promise<void> {
    if (!this.staff) return;
    try {
      const staff = await request<UserWithRole[]>('GET', '/forum/staff');
      for (const u of staff) this.#roles[u.id] = u.role;
    } catch {
      // Without the list everyone counts as a member: the server still refuses what it must.
    }
  }

  roleOf(userId: number): Role {
    return this.#roles[userId] ?? 'member';
  }

  /** Whether to offer "Suspend…" on this person. */
  canSuspend(userId: number): boolean {
    return maySuspend(this.me.role, this.roleOf(userId), userId === this.me.id);
  }

  destroy(): void {
    this.#off();
  }
}

export const [getModeration, setModeration] = createContext<ModerationState>();
