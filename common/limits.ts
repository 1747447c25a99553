/** Limits shared by the server (enforced) and the UI (shown before a round trip). */
export const LIMITS = {
  nickname: { min: 3, max: 24, pattern: /^[A-Za-z0-9_.-]+$/ },
  name: { max: 64 },
  email: { max: 254 },
  passwordBytes: { min: 8, max: 72 },
  age: { min: 13, max: 120 },
  postTitle: { max: 200 },
  postBody: { max: 20_000 },
  commentBody: { max: 5_000 },
  chatBody: { max: 5_000 },
  categoriesPerPost: { min: 1, max: 8 },
  jsonBodyBytes: 64 * 1024,
  wsPayloadBytes: 64 * 1024,
  pageSize: { default: 20, max: 100 },
  chatPageSize: { default: 10, max: 100 },
} as const;

export const GENDERS = ['female', 'male', 'non-binary', 'other', 'prefer-not-to-say'] as const;
export type Gender = (typeof GENDERS)[number];

/** Bumped when the REST or WS contract changes incompatibly; the desktop launcher checks it. */
export const API_VERSION = 1;
