/**
 * A moderator pins, locks and suspends; the member sees each live (the pinned post at the top
 * of the feed, the locked notice in place of the comment box, the suspended screen), and login
 * then explains the suspension and its end. The log page lists all three.
 */
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { E2E_OWNER } from './support/forum-server';

async function ownerRequest(
  playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } },
  baseURL: string,
): Promise<APIRequestContext> {
  const req = await playwright.request.newContext({ baseURL });
  const res = await req.post('/api/auth/login', {
    data: { login: E2E_OWNER.nickname, password: E2E_OWNER.password },
  });
  expect(res.status(), await res.text()).toBe(200);
  return req;
}

test('a moderator pins, locks and suspends; the member sees each live, then login explains', async ({
  person,
  playwright,
  forumUrl,
}) => {
  const mod = await person('mod');
  const mem = await person('mem');
  await mod.signupViaApi(false);
  const owner = await ownerRequest(playwright, forumUrl);
  const promoted = await owner.put(`/api/users/${mod.id}/role`, { data: { role: 'moderator' } });
  expect(promoted.status()).toBe(200);
  await owner.dispose();
  await mod.page.goto('/');
  await expect(mod.page.getByRole('link', { name: 'Moderation' })).toBeVisible();
  await mem.signupViaApi();
  await expect(mem.page.getByRole('link', { name: 'Moderation' })).toHaveCount(0);

  const stamp = Date.now();
  const older = await mem.createPostViaApi(`House rules ${stamp}`, 'Be kind.', ['General']);
  const newer = await mem.createPostViaApi(`Lunch plans ${stamp}`, 'Pizza?', ['General']);
  await mem.page.reload();
  const cards = mem.page.getByTestId('post-card');
  await expect(cards.first()).toContainText(newer.title);

  // Pin: the older post goes to the top of the member's feed, with its badge, live.
  await mod.page.goto(`/#/post/${older.id}`);
  const toolbar = mod.page.getByRole('toolbar', { name: 'Moderation' });
  await toolbar.getByRole('button', { name: 'Pin' }).click();
  await expect(toolbar.getByRole('button', { name: 'Unpin' })).toBeVisible();
  await expect(cards.first()).toContainText(older.title);
  await expect(cards.first().getByTestId('pinned-badge')).toBeVisible();
  await expect(cards.nth(1)).toContainText(newer.title);

  // Lock: the member, reading the post, sees the notice replace the comment box, live.
  await cards.first().getByRole('link', { name: older.title }).click();
  await expect(mem.page.getByLabel('Write a comment')).toBeVisible();
  await toolbar.getByRole('button', { name: 'Lock' }).click();
  await expect(mem.page.getByTestId('locked-notice')).toContainText(
    'Locked: new comments are closed',
  );
  await expect(mem.page.getByLabel('Write a comment')).toHaveCount(0);
  await expect(mem.page.getByTestId('locked-badge')).toBeVisible();

  // Every socket the member's page opens from now on: none may follow the suspension.
  const socketsOpened: string[] = [];
  mem.page.on('websocket', (ws) => socketsOpened.push(ws.url()));

  // Suspend for a day, from the menu on the author's name.
  await mod.page.getByRole('button', { name: `Moderate ${mem.nickname}` }).click();
  await mod.page.getByRole('menuitem', { name: 'Suspend…' }).click();
  const dialog = mod.page.getByRole('dialog', { name: `Suspend ${mem.nickname}` });
  await dialog.getByText('1 day').click();
  await dialog.getByLabel(/Reason/).fill('Spam in three threads');
  await dialog.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(dialog).toHaveCount(0);

  // The member's open page: a full-screen notice, no reconnect loop.
  await expect(
    mem.page.getByRole('heading', { name: 'Your account has been suspended' }),
  ).toBeVisible();
  await expect(mem.page.getByRole('banner')).toHaveCount(0);
  // No reconnect loop: proving that nothing happens needs a wait.
  await mem.page.waitForTimeout(2500);
  await expect(mem.page.getByTestId('suspended-screen')).toBeVisible();
  expect(socketsOpened).toEqual([]);

  // Login explains the suspension and its end (in UTC, and in local time).
  await mem.page.getByRole('button', { name: 'Go to login' }).click();
  await mem.page.getByLabel('Nickname or e-mail').fill(mem.nickname);
  await mem.page.getByLabel('Password').fill(mem.account.password);
  await mem.page.getByRole('button', { name: 'Log in' }).click();
  const box = mem.page.getByTestId('login-suspended');
  await expect(box).toContainText('This account is suspended');
  await expect(box).toContainText(/suspended until \d{1,2} \w{3} \d{4} \d{2}:\d{2} UTC/);

  // The log lists what the moderator did, newest first, with the reason.
  await mod.page.getByRole('link', { name: 'Moderation' }).click();
  const entries = mod.page.getByTestId('log-entry');
  await expect(entries.first()).toContainText(`${mod.nickname} suspended ${mem.nickname}`);
  await expect(entries.first()).toContainText('Spam in three threads');
  await expect(entries.nth(1)).toContainText('locked');
  await expect(entries.nth(2)).toContainText('pinned');
  await entries.nth(2).getByRole('link').click();
  await expect(mod.page).toHaveURL(new RegExp(`#/post/${older.id}$`));
});
