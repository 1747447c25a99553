import type { Migration } from '../migrate';

/**
 * Roles and shapeable categories (issue 10). Every account gets a role; the oldest account of
 * an existing forum becomes its owner, so a forum that already has people counts as set up
 * and keeps its categories. A partial unique index allows one owner at most (a transfer
 * demotes the old owner before promoting the new one, in one transaction). Categories get a
 * colour, an order of their own and an archived flag; the seeded ones keep their id order.
 * Forum settings (name, description, sign-up, minimum age) are rows of `forum_meta`.
 * Immutable once released.
 */
export const m005RolesAndCategories: Migration = {
  version: 5,
  name: 'roles and categories',
  up: `
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'member'
  CHECK (role IN ('owner', 'admin', 'moderator', 'member'));
UPDATE users SET role = 'owner'
  WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1);
CREATE UNIQUE INDEX users_one_owner ON users (role) WHERE role = 'owner';

ALTER TABLE categories ADD COLUMN color TEXT;
ALTER TABLE categories ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
UPDATE categories SET position = id;
CREATE INDEX categories_position ON categories (position, id);
`,
};
