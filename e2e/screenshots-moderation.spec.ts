/**
 * Moderation screens at 1280×800 and 390×844, light and dark, on a forum of their own: the
 * pinned feed, a locked post (as a member, and with a moderator's toolbar), the person menu
 * and the suspend dialog, the moderation log, the suspended screen and login's explanation.
 *
 * PNGs go to e2e/.output/screenshots (ignored); `HEARTH_SCREENSHOTS=1` writes the committed
 * set in e2e/screenshots instead.
 */
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import type { Me } from '../common/api';
import { expect, test } from './support/fixtures';
import { E2E_OWNER, startForum, type RunningForum } from './support/forum-server';
import { VIEWPORTS, combos, shoot, type Scheme, type ViewportName } from './support/screens';
import { COMMENTS, PASSWORD, PEOPLE, POSTS, comment, post, signup } from './support/seed';

const MAYA = PEOPLE[0]!.nickname; // the moderator
const JONAS = PEOPLE[1]!.nickname; // a member reading
const LEO = PEOPLE[3]!; // the one suspended

let forum: RunningForum;
let owner: APIRequestContext;
const people: Me[] = [];
const postIds: number[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  forum = await startForum({ forumName: 'Riverside Commons', bcryptCost: 4 });
  const requests = await Promise.all(
    PEOPLE.map(() => playwright.request.newContext({ baseURL: forum.url })),
  );
  for (const [i, p] of PEOPLE.entries()) people.push(await signup(requests[i]!, p));
  for (const p of POSTS)
    postIds.push((await post(requests[p.by]!, p.title, p.body, p.categories)).id);
  for (const c of COMMENTS) await comment(requests[c.by]!, postIds[c.post]!, c.body);
  owner = await playwright.request.newContext({ baseURL: forum.url });
  expect(
    (
      await owner.post('/api/auth/login', {
        data: { login: E2E_OWNER.nickname, password: E2E_OWNER.password },
      })
    ).status(),
  ).toBe(200);
  const ok = async (p: Promise<{ status(): number; text(): Promise<string> }>) => {
    const res = await p;
    expect(res.status(), await res.text()).toBe(200);
  };
  await ok(owner.put(`/api/users/${people[0]!.id}/role`, { data: { role: 'moderator' } }));
  const maya = requests[0]!;
  // The board game thread is pinned and locked; the Wi-Fi post pinned too (older pin).
  await ok(maya.put(`/api/posts/${postIds[1]}/pin`, { data: { reason: 'Useful for everyone' } }));
  await ok(maya.put(`/api/posts/${postIds[0]}/pin`));
  await ok(
    maya.put(`/api/posts/${postIds[0]}/lock`, {
      data: { reason: 'Plans are settled; see you Friday' },
    }),
  );
  await ok(
    maya.put(`/api/users/${people[4]!.id}/suspension`, {
      data: { until: new Date(Date.now() + 86_400_000).toISOString(), reason: 'Spam links' },
    }),
  );
  await ok(maya.delete(`/api/users/${people[4]!.id}/suspension`));
  for (const r of requests) await r.dispose();
});

test.afterAll(async () => {
  await owner?.dispose();
  await forum?.stop();
});

async function open(browser: Browser, viewport: ViewportName, scheme: Scheme, login: string) {
  const context = await browser.newContext({
    baseURL: forum.url,
    viewport: VIEWPORTS[viewport],
    colorScheme: scheme,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const res = await context.request.post('/api/auth/login', {
    data: { login, password: PASSWORD },
  });
  expect(res.status()).toBe(200);
  return { context, page };
}

for (const { viewport, scheme } of combos()) {
  test(`moderation screens at ${viewport}, ${scheme}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const shot = (page: Page, name: string) => shoot(page, name, viewport, scheme);

    // A member: the pinned feed, a locked post.
    {
      const { context, page } = await open(browser, viewport, scheme, JONAS);
      await page.goto('/#/');
      const first = page.getByTestId('post-card').first();
      await expect(first).toContainText(POSTS[0]!.title);
      await expect(first.getByTestId('pinned-badge')).toBeVisible();
      await shot(page, 'mod-pinned-feed');
      await page.goto(`/#/post/${postIds[0]}`);
      await expect(page.getByTestId('locked-notice')).toBeVisible();
      await page.getByTestId('locked-notice').scrollIntoViewIfNeeded();
      await shot(page, 'mod-locked-post');
      await context.close();
    }

    // The moderator: the toolbar, the person menu, the suspend dialog, the log.
    {
      const { context, page } = await open(browser, viewport, scheme, MAYA);
      await page.goto(`/#/post/${postIds[3]}`);
      await expect(page.getByRole('toolbar', { name: 'Moderation' })).toBeVisible();
      await shot(page, 'mod-post-toolbar');
      await page
        .getByRole('button', { name: `Moderate ${PEOPLE[4]!.nickname}` })
        .first()
        .click();
      await expect(page.getByRole('menuitem', { name: 'Suspend…' })).toBeVisible();
      await shot(page, 'mod-person-menu');
      await page.getByRole('menuitem', { name: 'Suspend…' }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      await dialog.getByLabel(/Reason/).fill('Repeated spam links after a warning');
      await dialog.getByText('1 week').click();
      await shot(page, 'mod-suspend-dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toHaveCount(0);
      await page.goto('/#/moderation');
      await expect(page.getByTestId('log-entry').first()).toBeVisible();
      await shot(page, 'mod-log');
      await context.close();
    }

    // Leo, signed in, is suspended: the full-screen notice, then login's explanation.
    {
      const leoId = people[3]!.id;
      await owner.delete(`/api/users/${leoId}/suspension`);
      const { context, page } = await open(browser, viewport, scheme, LEO.nickname);
      await page.goto('/#/');
      await expect(page.getByTestId('post-card').first()).toBeVisible();
      // A week from now, on the hour: login names it in UTC.
      const until = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 7 * 86_400_000);
      const res = await owner.put(`/api/users/${leoId}/suspension`, {
        data: { until: until.toISOString(), reason: 'Cooling off' },
      });
      expect(res.status(), await res.text()).toBe(200);
      await expect(page.getByTestId('suspended-screen')).toBeVisible();
      await shot(page, 'mod-suspended-screen');
      await page.getByRole('button', { name: 'Go to login' }).click();
      await page.getByLabel('Nickname or e-mail').fill(LEO.nickname);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect(page.getByTestId('login-suspended')).toContainText(
        /suspended until \d{1,2} \w{3} \d{4} \d{2}:00 UTC/,
      );
      await shot(page, 'mod-login-suspended');
      await context.close();
    }
  });
}
