/**
 * Down to 360 px (the minimum width), at 360×740: every main screen fits sideways (the
 * document does not scroll sideways, and nothing is cut off by the app's own scroller), and its
 * key controls are on screen, whole, within the width.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, expectSignedIn, test, type Person } from './support/fixtures';

const NARROW = { width: 360, height: 740 };

/** No sideways scrolling of the page, and no content wider than the scroller that clips it. */
async function expectFitsSideways(page: Page, screen: string) {
  // Strings: e2e/ is type-checked without the DOM library.
  const doc = Number(
    await page.evaluate('document.scrollingElement.scrollWidth - window.innerWidth'),
  );
  expect(doc, `${screen}: the page scrolls sideways`).toBeLessThanOrEqual(0);
  // main has overflow-x: hidden, so something too wide there is clipped instead of scrolling.
  const main = Number(
    await page.evaluate(
      `(() => { const m = document.getElementById('main'); return m ? m.scrollWidth - m.clientWidth : 0; })()`,
    ),
  );
  expect(main, `${screen}: content wider than the screen is cut off`).toBeLessThanOrEqual(0);
}

/** On screen (scrolled to if need be), and whole within the 360 px width. */
async function expectUsable(control: Locator, what: string) {
  await control.scrollIntoViewIfNeeded();
  await expect(control, what).toBeVisible();
  // Nearly all of it: scrolling leaves sub-pixel edges; the width is checked exactly below.
  await expect(control, what).toBeInViewport({ ratio: 0.9 });
  const box = await control.boundingBox();
  expect(box, what).not.toBeNull();
  expect(box!.x, `${what} starts off screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} ends off screen`).toBeLessThanOrEqual(NARROW.width);
}

async function expectHeader(page: Page) {
  const header = page.getByRole('banner');
  await expectUsable(header.getByRole('button', { name: /^Conversations/ }), 'the chat toggle');
  await expectUsable(header.getByRole('link', { name: /go to the feed/ }), 'the forum name');
  await expectUsable(header.getByRole('link', { name: 'New post' }), 'New post');
  await expectUsable(header.getByTestId('bell'), 'the bell');
  await expectUsable(header.getByRole('button', { name: /account menu/ }), 'the account menu');
}

test('every main screen fits 360 px with its key controls on screen', async ({ person }) => {
  test.setTimeout(120_000);
  const a: Person = await person('narrow');
  const b: Person = await person('peer');
  await b.signupViaApi(false);
  await a.page.setViewportSize(NARROW);
  const { page } = a;

  await test.step('login', async () => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
    await expectFitsSideways(page, 'login');
    await expectUsable(page.getByLabel('Nickname or e-mail'), 'the login field');
    await expectUsable(page.getByLabel('Password'), 'the password field');
    await expectUsable(page.getByRole('button', { name: 'Log in' }), 'Log in');
    await expectUsable(
      page.getByRole('button', { name: 'Create an account' }),
      'Create an account',
    );
  });

  await test.step('signup, with every field wrong', async () => {
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('[aria-invalid="true"]')).toHaveCount(7);
    await expectFitsSideways(page, 'signup');
    for (const label of ['Nickname', 'E-mail', 'Password', 'First name', 'Last name', 'Age']) {
      await expectUsable(page.getByLabel(label, { exact: true }), label);
    }
    await expectUsable(page.getByLabel('Gender'), 'Gender');
    await expectUsable(page.getByRole('button', { name: 'Create account' }), 'Create account');
  });

  // Signed up for real (the page reloads to pick up the session).
  await a.signupViaApi(false);
  await page.reload();
  const post = await a.createPostViaApi(
    'A rather long title for a post, to see that it wraps at 360 pixels without overflowing',
    'https://example.com/a/very/long/link/that/must/wrap/somewhere/instead/of/overflowing/the/screen',
    ['General', 'Technology'],
  );
  await b.commentViaApi(post.id, 'A comment, so there is a notification.');

  await test.step('feed', async () => {
    await page.goto('/#/');
    await expectSignedIn(page, a.nickname);
    await expect(page.getByTestId('post-card').first()).toBeVisible();
    await expectFitsSideways(page, 'feed');
    await expectHeader(page);
    await expectUsable(page.getByRole('button', { name: 'All', exact: true }), 'the first chip');
    await expectUsable(page.getByTestId('post-card').first(), 'the first post card');
  });

  await test.step('post', async () => {
    await page.goto(`/#/post/${post.id}`);
    await expect(page.getByTestId('comment').first()).toBeVisible();
    await expectFitsSideways(page, 'post');
    await expectHeader(page);
    await expectUsable(page.getByRole('heading', { level: 1 }), 'the post title');
    await expectUsable(page.getByRole('textbox', { name: 'Write a comment' }), 'the comment box');
    await expectUsable(page.getByRole('button', { name: 'Comment', exact: true }), 'Comment');
  });

  await test.step('new post', async () => {
    await page.goto('/#/new');
    await expectFitsSideways(page, 'new post');
    await expectUsable(page.getByLabel('Title'), 'Title');
    await expectUsable(page.getByRole('checkbox', { name: 'Technology' }), 'a category');
    await expectUsable(page.getByLabel('Post', { exact: true }), 'Post');
    await expectUsable(page.getByRole('button', { name: 'Publish' }), 'Publish');
  });

  await test.step('chat', async () => {
    await page.goto(`/#/chat/${b.nickname}`);
    const composer = page.getByRole('textbox', { name: `Message ${b.nickname}` });
    await composer.fill('A long word: Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen');
    await composer.press('Enter');
    await expect(page.locator('[data-testid="message"][data-status="sent"]')).toHaveCount(1);
    await expectFitsSideways(page, 'chat');
    await expectUsable(page.getByRole('link', { name: 'Back to the feed' }), 'the back chevron');
    await expectUsable(page.getByTestId('message').first(), 'a message');
    await expectUsable(composer, 'the composer');
    await expectUsable(page.getByRole('button', { name: 'Send' }), 'Send');
  });

  await test.step('roster drawer', async () => {
    await page.getByRole('button', { name: /^Conversations/ }).click();
    const drawer = page.locator('#roster');
    await expect(drawer).toBeInViewport();
    await expectFitsSideways(page, 'roster drawer');
    await expectUsable(drawer.getByRole('button', { name: 'Close conversations' }), 'close');
    await expectUsable(drawer.getByRole('link', { name: 'Feed', exact: true }), 'Feed');
    await expectUsable(drawer.getByRole('link', { name: /Notifications/ }), 'Notifications');
    await expectUsable(
      drawer.locator(`[data-testid="roster-item"][data-nickname="${b.nickname}"]`),
      'a conversation',
    );
    await page.keyboard.press('Escape');
    await expect(drawer).not.toBeInViewport();
  });

  await test.step('notifications', async () => {
    await page.goto('/#/');
    await page.getByTestId('bell').click();
    const panel = page.getByRole('dialog', { name: 'Notifications' });
    await expect(panel.getByTestId('notification')).toHaveCount(1);
    await expectFitsSideways(page, 'notifications panel');
    await expectUsable(panel.getByTestId('notification'), 'a notification');
    await expectUsable(panel.getByRole('button', { name: 'Mark all read' }), 'Mark all read');
    await page.keyboard.press('Escape');

    await page.goto('/#/notifications');
    await expect(page.getByTestId('notification')).toHaveCount(1);
    await expectFitsSideways(page, 'notifications page');
    await expectUsable(page.getByTestId('notification'), 'a notification');
  });
});
