/**
 * (rooms) Limits of groups and rooms, zod-free so the browser bundle can import them (the
 * server enforces them through common/conversations.ts).
 */
export const ROOM_LIMITS = {
  /** A group conversation holds its creator and at most 49 others. */
  groupMembers: 50,
  name: 64,
  topic: 250,
  /** People added in one request. */
  addAtOnce: 49,
} as const;
