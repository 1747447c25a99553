import type { Writer } from '../events/outbox';
import type { Stores } from '../store/index';

/**
 * Tests that build services by hand (no HTTP): a user row written through the outbox, as
 * sign-up writes it, with fixed profile fields. Returns the user's id.
 */
export function insertUser(writer: Writer, users: Stores['users'], nickname: string): number {
  return writer.write(
    (tx) =>
      users.insert(tx, {
        nickname,
        email: `${nickname}@example.com`,
        passwordHash: 'x',
        firstName: 'F',
        lastName: 'L',
        age: 30,
        gender: 'other',
        createdAt: '2025-01-01T00:00:00.000Z',
      }).id,
  );
}
