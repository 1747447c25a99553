/**
 * Following a category: B follows Music from the feed's filter (a toggle with aria-pressed,
 * kept across reloads); A's post in Music raises B's bell live and the notification opens the
 * post; A's post in Sport notifies nobody; after B unfollows, Music is quiet too. Negative
 * checks use a later event as a marker (the server delivers in order), never a sleep.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

const followButton = (page: Page, name: string) =>
  page.getByRole('button', { name: `Follow ${name}` });

async function filterBy(page: Page, name: string): Promise<void> {
  await page
    .getByRole('group', { name: 'Filter by category' })
    .getByRole('button', { name, exact: true })
    .click();
  await expect(page.getByText(`Posts in ${name}`)).toBeVisible();
}

test('B follows Music: A’s post in Music raises B’s bell live, Sport does not, unfollow stops it', async ({
  person,
}) => {
  const a = await person('ana');
  const b = await person('ben');
  await a.signupViaApi();
  await b.signupViaApi();
  const { page } = b;
  const stamp = Date.now();
  // B's own post: A's comment on it is the marker that ends the "nothing else came" checks.
  const mine = await b.createPostViaApi(`Ben’s tunes ${stamp}`, 'Playlist inside', ['General']);

  // No follow toggle without a category filter; with one, it starts off.
  await expect(page.getByRole('heading', { name: 'Feed', exact: true })).toBeVisible();
  await expect(page.getByTestId('follow-category')).toHaveCount(0);
  await filterBy(page, 'Music');
  const follow = followButton(page, 'Music');
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');

  // Stored on the server: still on after a reload.
  await page.reload();
  await filterBy(page, 'Music');
  await expect(followButton(page, 'Music')).toHaveAttribute('aria-pressed', 'true');
  await filterBy(page, 'Sport');
  await expect(followButton(page, 'Sport')).toHaveAttribute('aria-pressed', 'false');
  await filterBy(page, 'Music');

  const count = page.getByTestId('bell-count');
  await expect(count).toHaveCount(0);
  const music = await a.createPostViaApi(`Jazz night ${stamp}`, 'Friday at eight', ['Music']);
  await expect(count).toHaveText('1');

  await page.getByTestId('bell').click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  const item = panel.getByTestId('notification').first();
  await expect(item).toContainText(`${a.nickname} posted “${music.title}” in Music`);
  await item.click();
  await expect(page).toHaveURL(new RegExp(`#/post/${music.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: music.title })).toBeVisible();
  await expect(count).toHaveCount(0);

  // Sport is not followed: nothing, as the marker after it proves.
  const sport = await a.createPostViaApi(`Derby day ${stamp}`, 'Kick-off at three', ['Sport']);
  await a.commentViaApi(mine.id, 'Nice list');
  await expect(count).toHaveText('1');
  await page.getByTestId('bell').click();
  await expect(panel.getByTestId('notification')).toHaveCount(2);
  await expect(panel).not.toContainText(sport.title);
  await panel.getByRole('button', { name: 'Mark all read' }).click();
  await expect(count).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Unfollow from the feed: the next Music post is quiet too.
  await page.goto('/#/');
  await filterBy(page, 'Music');
  await followButton(page, 'Music').click();
  await expect(followButton(page, 'Music')).toHaveAttribute('aria-pressed', 'false');
  const quiet = await a.createPostViaApi(`Choir practice ${stamp}`, 'Tuesdays', ['Music']);
  await a.commentViaApi(mine.id, 'Another one');
  await expect(count).toHaveText('1');
  await page.getByTestId('bell').click();
  // Grouped per post (issue 13): the second comment on `mine` joins its row.
  await expect(panel.getByTestId('notification')).toHaveCount(2);
  await expect(panel).not.toContainText(quiet.title);
});
