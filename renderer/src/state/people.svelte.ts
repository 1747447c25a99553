/**
 * Everyone with their role, for People & roles in the forum settings: the directory
 * (`GET /api/users`) joined with the staff (`GET /api/forum/staff`; everyone else is a member),
 * kept live by `user.updated` (roles, a transfer) and `user.joined`.
 */
import type { AssignableRole, Role, UserWithRole } from '@common/api';
import { api, errorMessage } from '../lib/api';
import type { SocketClient } from '../lib/socket';

const RANK: Record<Role, number> = { owner: 0, admin: 1, moderator: 2, member: 3 };

/** The owner, then admins, moderators and members; alphabetical within a role. */
export function byRole(a: UserWithRole, b: UserWithRole): number {
  return (
    RANK[a.role] - RANK[b.role] ||
    a.nickname.localeCompare(b.nickname, undefined, { sensitivity: 'base', numeric: true }) ||
    a.id - b.id
  );
}

export class PeopleState {
  people = $state<UserWithRole[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  sorted = $derived([...this.people].sort(byRole));
  #off: (() => void)[];

  constructor(socket: SocketClient) {
    this.#off = [
      socket.on('user.updated', (e) => this.#upsert(e.payload.user)),
      socket.on('user.joined', (e) => this.#upsert({ ...e.payload.user, role: 'member' }, false)),
      socket.on('resync', () => void this.load()),
    ];
  }

  async load(): Promise<void> {
    this.error = null;
    try {
      const [users, staff] = await Promise.all([api.users(), api.staff()]);
      const staffed = (id: number) => staff.find((s) => s.id === id);
      // The directory leaves me out; the staff list has everyone with a role, me included.
      this.people = [
        ...users.map((u) => ({ ...u, role: staffed(u.id)?.role ?? ('member' as const) })),
        ...staff.filter((s) => !users.some((u) => u.id === s.id)),
      ];
      this.loaded = true;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  /** The owner gives a role; the answer (and the event) update the list. */
  async setRole(userId: number, role: AssignableRole): Promise<void> {
    this.#upsert(await api.setRole(userId, role));
  }

  async transfer(userId: number): Promise<void> {
    const { owner, previousOwner } = await api.transferOwnership(userId);
    this.#upsert(owner);
    this.#upsert(previousOwner);
  }

  #upsert(user: UserWithRole, replace = true): void {
    const i = this.people.findIndex((p) => p.id === user.id);
    if (i === -1) this.people = [...this.people, user];
    else if (replace) this.people[i] = user;
  }

  destroy(): void {
    for (const f of this.#off) f();
  }
}
