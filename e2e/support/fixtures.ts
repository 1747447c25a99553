/**
 * Playwright fixtures for the browser E2E: one real forum server per worker, and people —
 * each one a separate browser context (own cookies, own socket), signed up through the UI or
 * the REST API.
 */
import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type Page,
} from '@playwright/test';
import type { Me, Post } from '../../common/api';
import { startForum } from './forum-server';

export interface Account {
  nickname: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

let seq = 0;
/** A fresh account; nicknames stay unique across runs on the same server and within 24 chars. */
export function account(prefix: string): Account {
  seq += 1;
  const nickname = `${prefix}_${Date.now().toString(36).slice(-5)}${seq}`.slice(0, 24);
  return {
    nickname,
    email: `${nickname.toLowerCase()}@example.com`,
    password: 'correct horse battery',
    firstName: prefix.charAt(0).toUpperCase() + prefix.slice(1),
    lastName: 'Tester',
  };
}

export class Person {
  me: Me | null = null;
  constructor(
    readonly account: Account,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  get nickname(): string {
    return this.account.nickname;
  }

  get id(): number {
    if (!this.me) throw new Error(`${this.nickname} has not signed up`);
    return this.me.id;
  }

  async signupViaUi(): Promise<void> {
    const { page, account: a } = this;
    await page.goto('/');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Nickname').fill(a.nickname);
    await page.getByLabel('E-mail').fill(a.email);
    await page.getByLabel('Password').fill(a.password);
    await page.getByLabel('First name').fill(a.firstName);
    await page.getByLabel('Last name').fill(a.lastName);
    await page.getByLabel('Age').fill('34');
    await page.getByLabel('Gender').selectOption('prefer-not-to-say');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectSignedIn(page, a.nickname);
    this.me = await this.fetchMe();
  }

  /** Signs up over REST (cookie lands in this context), then opens the app. */
  async signupViaApi(open = true): Promise<void> {
    const res = await this.context.request.post('/api/auth/signup', {
      data: { ...this.account, age: 30, gender: 'other' },
    });
    expect(res.status(), await res.text()).toBe(201);
    this.me = (await res.json()) as Me;
    if (open) {
      await this.page.goto('/');
      await expectSignedIn(this.page, this.nickname);
    }
  }

  async loginViaUi(login: string): Promise<void> {
    const { page } = this;
    await page.getByLabel('Nickname or e-mail').fill(login);
    await page.getByLabel('Password').fill(this.account.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expectSignedIn(page, this.nickname);
  }

  async logoutViaUi(): Promise<void> {
    const { page } = this;
    await page.getByRole('button', { name: /account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await expectSignedOut(page);
  }

  async fetchMe(): Promise<Me> {
    const res = await this.context.request.get('/api/auth/me');
    expect(res.status()).toBe(200);
    return (await res.json()) as Me;
  }

  async createPostViaApi(title: string, body: string, categoryNames: string[]): Promise<Post> {
    const cats = (await (await this.context.request.get('/api/categories')).json()) as {
      id: number;
      name: string;
    }[];
    const categoryIds = categoryNames.map((n) => {
      const c = cats.find((x) => x.name === n);
      if (!c) throw new Error(`no category ${n}`);
      return c.id;
    });
    const res = await this.context.request.post('/api/posts', {
      data: { title, body, categoryIds },
    });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as Post;
  }

  async commentViaApi(postId: number, body: string): Promise<void> {
    const res = await this.context.request.post(`/api/posts/${postId}/comments`, {
      data: { body },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
}

export async function expectSignedIn(page: Page, nickname: string): Promise<void> {
  await expect(
    page.getByRole('button', { name: new RegExp(`${nickname}, account menu`) }),
  ).toBeVisible();
}

/** The login screen and nothing else: no header, no roster, no feed. */
export async function expectSignedOut(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
  await expect(page.getByRole('banner')).toHaveCount(0);
  await expect(page.locator('#roster')).toHaveCount(0);
  await expect(page.locator('#main')).toHaveCount(0);
  await expect(page.getByTestId('post-card')).toHaveCount(0);
}

interface Fixtures {
  /** Opens a new person in a fresh browser context; all are closed after the test. */
  person: (prefix: string) => Promise<Person>;
}

interface WorkerFixtures {
  /** The worker's own forum server (set up, with the usual categories), shared by its tests. */
  forumUrl: string;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  // One server per worker: workers run spec files side by side without sharing state, as
  // specs never depend on each other's users or posts.
  forumUrl: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from the pattern
    async ({}, use, workerInfo) => {
      // bcrypt cost 4 (the screenshot specs' too): every sign-up, login and password change
      // still hashes and checks for real, at a fraction of the CPU on a 2-core CI machine.
      // Nothing here measures hashing (server/test/harness.ts uses 4 as well).
      const forum = await startForum({ forumName: 'Hearth', bcryptCost: 4 });
      console.log(`e2e: worker ${workerInfo.workerIndex}: forum server at ${forum.url}`);
      await use(forum.url);
      await forum.stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ forumUrl }, use) => {
    await use(forumUrl);
  },
  person: async ({ browser, forumUrl }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (prefix) => {
      const context = await newContext(browser, forumUrl);
      contexts.push(context);
      const page = await context.newPage();
      return new Person(account(prefix), context, page);
    });
    for (const c of contexts) await c.close();
  },
});

export function newContext(
  browser: Browser,
  baseURL: string,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 1280, height: 800 }, ...options });
}

export { expect };
