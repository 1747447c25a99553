/**
 * Checks a form before it is sent, so every wrong field shows at once instead of one per round
 * trip. They mirror the server's schemas in common/api.ts with the same limits (@common/limits)
 * and the same messages, but never reject more than the server would: the server stays the
 * authority and its answer is still shown. (The schemas themselves use zod, which stays out of
 * the bundle; form-checks.test.ts holds the two side by side.)
 */
import { GENDERS, LIMITS } from '@common/limits';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

const utf8Bytes = (s: string): number => new TextEncoder().encode(s).length;
/** Something a reader can see (as the server's VISIBLE_CHAR). */
const VISIBLE_CHAR = /[^\s\u200B-\u200D\u2060\uFEFF]/u;
/** Looser than the server's e-mail check on purpose: the server has the last word. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Keeps only the fields that have a message. */
function found<F extends string>(all: Record<F, string | null>): FieldErrors<F> {
  const out: FieldErrors<F> = {};
  for (const [k, v] of Object.entries(all) as [F, string | null][]) if (v) out[k] = v;
  return out;
}

/** Person-typed text: required (something visible once trimmed) and at most `max` characters. */
export function checkText(label: string, value: string, max: number): string | null {
  const t = value.trim();
  if (!VISIBLE_CHAR.test(t)) return `${label} is required`;
  if (t.length > max) return `${label} must be at most ${max} characters`;
  return null;
}

/** The form sends the nickname trimmed. */
function checkNickname(raw: string): string | null {
  const { min, max, pattern } = LIMITS.nickname;
  const nickname = raw.trim();
  if (nickname.length < min) return `Nickname must be at least ${min} characters`;
  if (nickname.length > max) return `Nickname must be at most ${max} characters`;
  if (!pattern.test(nickname))
    return 'Nickname may only use letters, digits, dot, dash and underscore';
  return null;
}

export function checkEmail(email: string): string | null {
  const e = email.trim();
  if (e.length > LIMITS.email.max) return 'E-mail is too long';
  return EMAIL_SHAPE.test(e) ? null : 'Enter a valid e-mail address';
}

export function checkNewPassword(password: string): string | null {
  if (password === '') return 'Password is required';
  const bytes = utf8Bytes(password);
  if (bytes < LIMITS.passwordBytes.min)
    return `Password must be at least ${LIMITS.passwordBytes.min} characters`;
  if (bytes > LIMITS.passwordBytes.max)
    return `Password must be at most ${LIMITS.passwordBytes.max} bytes`;
  return null;
}

/** The age box's text as the form sends it: empty or not a number goes out as NaN. */
export const ageValue = (age: string): number => (age.trim() === '' ? Number.NaN : Number(age));

function checkAge(age: string, minAge: number): string | null {
  if (age.trim() === '') return 'Age is required';
  const n = ageValue(age);
  if (!Number.isFinite(n)) return 'Age must be a number';
  if (!Number.isInteger(n)) return 'Age must be a whole number';
  // The forum's own minimum (forum settings) when it is above the audit's.
  const min = Math.max(LIMITS.age.min, minAge);
  if (n < min) return `You must be at least ${min}`;
  if (n > LIMITS.age.max) return `Age must be at most ${LIMITS.age.max}`;
  return null;
}

export interface SignupInput {
  nickname: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  age: string;
  gender: string;
}

export function checkSignup(
  f: SignupInput,
  minAge: number = LIMITS.age.min,
): FieldErrors<keyof SignupInput> {
  return found({
    nickname: checkNickname(f.nickname),
    email: checkEmail(f.email),
    password: checkNewPassword(f.password),
    firstName: checkText('First name', f.firstName, LIMITS.name.max),
    lastName: checkText('Last name', f.lastName, LIMITS.name.max),
    age: checkAge(f.age, minAge),
    // The server lists the allowed values; next to a select, asking to choose reads better.
    gender: (GENDERS as readonly string[]).includes(f.gender) ? null : 'Choose one',
  });
}

export function checkLogin(f: { login: string; password: string }) {
  const login = f.login.trim();
  return found({
    login:
      login === ''
        ? 'Nickname or e-mail is required'
        : login.length > LIMITS.email.max
          ? 'Nickname or e-mail is too long'
          : null,
    password:
      f.password === ''
        ? 'Password is required'
        : utf8Bytes(f.password) > LIMITS.passwordBytes.max
          ? `Password must be at most ${LIMITS.passwordBytes.max} bytes`
          : null,
  });
}

export function checkPost(f: { title: string; body: string; categoryIds: readonly number[] }) {
  const { min, max } = LIMITS.categoriesPerPost;
  return found({
    title: checkText('Title', f.title, LIMITS.postTitle.max),
    body: checkText('Post', f.body, LIMITS.postBody.max),
    categoryIds:
      f.categoryIds.length < min
        ? 'Pick at least one category'
        : f.categoryIds.length > max
          ? `Pick at most ${max} categories`
          : null,
  });
}

export const checkComment = (f: { body: string }) =>
  found({ body: checkText('Comment', f.body, LIMITS.commentBody.max) });
