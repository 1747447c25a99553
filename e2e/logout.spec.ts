/**
 * Log out is reachable from every screen (the issue: "reachable from every screen"), on a
 * desktop and on a phone, and afterwards nothing of the forum is left on screen, the session
 * is gone on the server, and a reload does not bring anything back.
 */
import type { Page } from '@playwright/test';
import { expect, expectSignedOut, test, type Person } from './support/fixtures';

interface Screen {
  name: string;
  /** Opens the screen and waits until it shows what it is for. */
  open: (p: Person, ctx: { postId: number; peer: string }) => Promise<void>;
}

const SCREENS: Screen[] = [
  {
    name: 'feed',
    open: async (p) => {
      await p.page.goto('/#/');
      await expect(p.page.getByRole('heading', { level: 1, name: 'Feed' })).toBeVisible();
    },
  },
  {
    name: 'post view',
    open: async (p, { postId }) => {
      await p.page.goto(`/#/post/${postId}`);
      await expect(p.page.getByRole('textbox', { name: 'Write a comment' })).toBeVisible();
    },
  },
  {
    name: 'new post',
    open: async (p) => {
      await p.page.goto('/#/new');
      await expect(p.page.getByRole('button', { name: 'Publish' })).toBeVisible();
    },
  },
  {
    name: 'chat',
    open: async (p, { peer }) => {
      await p.page.goto(`/#/chat/${peer}`);
      await expect(p.page.getByRole('textbox', { name: `Message ${peer}` })).toBeVisible();
    },
  },
  {
    name: 'notifications',
    open: async (p) => {
      await p.page.goto('/#/notifications');
      await expect(p.page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
    },
  },
];

const PHONE = { width: 390, height: 844 };

/** Nothing of the forum on screen, no session on the server, and a reload keeps it so. */
async function expectFullyOut(p: Person, page: Page = p.page) {
  await expectSignedOut(page);
  for (const id of ['message', 'comment', 'notification', 'roster-item']) {
    await expect(page.getByTestId(id)).toHaveCount(0);
  }
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect((await p.context.request.get('/api/auth/me')).status()).toBe(401);
  await page.reload();
  await expectSignedOut(page);
}

// One person per width walks every screen: the screen opened, logged out from its header,
// checked fully out (which ends on the login screen); then logged in again there, as a person
// would, for the next screen. The same proof per screen as a test each, without a new sign-up,
// post, browser context and app load for every one.
for (const size of ['desktop', 'phone'] as const) {
  test(`log out from every screen (${size})`, async ({ person }) => {
    const a = await person('leaver');
    const b = await person('stayer');
    await b.signupViaApi(false);
    if (size === 'phone') await a.page.setViewportSize(PHONE);
    await a.signupViaApi(false);
    const post = await a.createPostViaApi(`Leaving from every screen (${size})`, 'Bye', [
      'General',
    ]);
    await b.commentViaApi(post.id, 'See you!');

    for (const [i, screen] of SCREENS.entries()) {
      await test.step(`log out from the ${screen.name}`, async () => {
        if (i > 0) await a.loginViaUi(a.nickname);
        await screen.open(a, { postId: post.id, peer: b.nickname });

        // The account menu in the header, on every screen and at every width.
        const menuButton = a.page.getByRole('button', { name: /account menu/ });
        await expect(menuButton).toBeInViewport();
        await menuButton.click();
        await a.page.getByRole('menuitem', { name: 'Log out' }).click();
        await expectFullyOut(a);
      });
    }
  });
}

test('log out on a phone with the conversations drawer open', async ({ person }) => {
  const a = await person('drawer');
  const b = await person('other');
  await b.signupViaApi(false);
  await a.page.setViewportSize(PHONE);
  await a.signupViaApi();
  await a.page.goto(`/#/chat/${b.nickname}`);
  await a.page.getByRole('button', { name: /^Conversations/ }).click();
  const drawer = a.page.locator('#roster');
  await expect(drawer).toBeInViewport();
  // The drawer covers the header: closing it (Esc) gives the account menu back.
  await a.page.keyboard.press('Escape');
  await expect(drawer).not.toBeInViewport();
  await a.page.getByRole('button', { name: /account menu/ }).click();
  await a.page.getByRole('menuitem', { name: 'Log out' }).click();
  await expectFullyOut(a);
});
