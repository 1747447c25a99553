import type { Gender } from '../../common/limits';
import type { Me, Role, UserRef, UserWithRole } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

export interface UserRow {
  id: number;
  nickname: string;
  email: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  age: number;
  gender: Gender;
  created_at: string;
  role: Role;
  /** (008) 1 while suspended: until suspended_until, or indefinitely when that is null. */
  suspended: 0 | 1;
  suspended_until: string | null;
}

export interface NewUser {
  nickname: string;
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  age: number;
  gender: Gender;
  createdAt: string;
}

export function toMe(row: Omit<UserRow, 'password_hash'>): Me {
  return {
    id: row.id,
    nickname: row.nickname,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    age: row.age,
    gender: row.gender,
    createdAt: row.created_at,
    role: row.role,
  };
}

/** Exported so store/query-plans.test.ts checks their plans. */
export const USERS_SQL = {
  byNickname: 'SELECT * FROM users WHERE nickname = +:nickname COLLATE NOCASE',
  byEmail: 'SELECT * FROM users WHERE email = +:email COLLATE NOCASE',
  // Ordered by the NOCASE unique index: no sort step.
  directory:
    'SELECT id, nickname FROM users WHERE id != +:exceptId ORDER BY nickname COLLATE NOCASE',
  // The partial unique index users_one_owner holds the owner's row alone.
  owner: "SELECT id, nickname, role FROM users WHERE role = 'owner'",
} as const;

export function createUsersStore(db: Db) {
  const insert = db.prepare<NewUser, never>(
    `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (:nickname, :email, :passwordHash, :firstName, :lastName, :age, :gender, :createdAt)
     RETURNING *`,
  );
  const byId = db.prepare<{ id: number }, UserRow>('SELECT * FROM users WHERE id = +:id');
  const byNickname = db.prepare<{ nickname: string }, UserRow>(USERS_SQL.byNickname);
  const byEmail = db.prepare<{ email: string }, UserRow>(USERS_SQL.byEmail);
  const updateHash = db.prepare<{ id: number; passwordHash: string }, never>(
    'UPDATE users SET password_hash = :passwordHash WHERE id = +:id',
  );
  const directory = db.prepare<{ exceptId: number }, UserRef>(USERS_SQL.directory);
  const owner = db.prepare<[], UserWithRole>(USERS_SQL.owner);
  const withRole = db.prepare<{ id: number }, UserWithRole>(
    'SELECT id, nickname, role FROM users WHERE id = +:id',
  );
  // Staff are few: a scan of users is fine, and the list is read only by people who manage.
  const staff = db.prepare<[], UserWithRole>(
    `SELECT id, nickname, role FROM users WHERE role != 'member'
     ORDER BY CASE role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, nickname COLLATE NOCASE`,
  );
  const setRole = db.prepare<{ id: number; role: Role }, never>(
    'UPDATE users SET role = :role WHERE id = +:id',
  );
  const setSuspension = db.prepare<{ id: number; suspended: 0 | 1; until: string | null }, never>(
    'UPDATE users SET suspended = :suspended, suspended_until = :until WHERE id = +:id',
  );
  const staffIds = db.prepare<[], number>("SELECT id FROM users WHERE role != 'member'").pluck();

  return {
    insert: (_tx: WriteTx, user: NewUser): UserRow => insert.get(user) as unknown as UserRow,
    byId: (id: number): UserRow | undefined => byId.get({ id }),
    byNickname: (nickname: string): UserRow | undefined => byNickname.get({ nickname }),
    byEmail: (email: string): UserRow | undefined => byEmail.get({ email }),
    /** `login` is a nickname or an e-mail: nicknames cannot contain `@`. */
    byLogin: (login: string): UserRow | undefined =>
      login.includes('@') ? byEmail.get({ email: login }) : byNickname.get({ nickname: login }),
    updatePasswordHash: (_tx: WriteTx, id: number, passwordHash: string): void => {
      updateHash.run({ id, passwordHash });
    },
    directory: (exceptId: number): UserRef[] => directory.all({ exceptId }),
    /** The owner, or undefined while the forum needs setup. */
    owner: (): UserWithRole | undefined => owner.get(),
    withRole: (id: number): UserWithRole | undefined => withRole.get({ id }),
    staff: (): UserWithRole[] => staff.all(),
    setRole: (_tx: WriteTx, id: number, role: Role): void => {
      setRole.run({ id, role });
    },
    /** Suspends until `until` (ISO), or indefinitely (null); `suspended` false lifts it. */
    setSuspension: (
      _tx: WriteTx,
      id: number,
      s: { suspended: boolean; until: string | null },
    ): void => {
      setSuspension.run({
        id,
        suspended: s.suspended ? 1 : 0,
        until: s.suspended ? s.until : null,
      });
    },
    /** The owner, admins and moderators: who hears of suspensions. */
    staffIds: (): number[] => staffIds.all(),
  };
}
export type UsersStore = ReturnType<typeof createUsersStore>;
