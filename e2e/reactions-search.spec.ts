/**
 * Reactions and search (issue 12) in the browser: a reaction shows live for another reader
 * (count up, then gone when taken back); the header's search finds a comment and opens it,
 * scrolled into view and marked.
 */
import { expect, test } from './support/fixtures';

test.describe('reactions and search', () => {
  test('a reaction changes the count live for another reader, and clicking again takes it back', async ({
    person,
  }) => {
    const author = await person('rhea');
    const reader = await person('olaf');
    await author.signupViaApi();
    await reader.signupViaApi();
    const post = await author.createPostViaApi('Choir practice', 'Tuesday at 19:00.', ['General']);
    await author.page.goto(`/#/post/${post.id}`);
    await reader.page.goto(`/#/post/${post.id}`);
    const authorBar = author.page.locator('article').getByTestId('reactions');
    const readerBar = reader.page.locator('article').getByTestId('reactions');
    await expect(authorBar.getByTestId('add-reaction')).toBeVisible();

    // The reader picks 👍 from the picker; the author's page shows it without a reload.
    await readerBar.getByTestId('add-reaction').click();
    await reader.page.getByRole('menuitemcheckbox', { name: 'React with 👍' }).click();
    const mineChip = readerBar.locator('[data-testid="reaction"][data-emoji="👍"]');
    await expect(mineChip).toHaveAttribute('aria-pressed', 'true');
    const seen = authorBar.locator('[data-testid="reaction"][data-emoji="👍"]');
    await expect(seen).toHaveText('👍1');
    await expect(seen).toHaveAttribute('aria-pressed', 'false');
    await expect(seen).toHaveAccessibleName(new RegExp(`${reader.nickname} reacted with 👍`, 'i'));

    // The author adds theirs: 2 on both pages.
    await seen.click();
    await expect(seen).toHaveText('👍2');
    await expect(mineChip).toHaveText('👍2');

    // The reader clicks theirs again: back to 1 for the author, not highlighted for the reader.
    await mineChip.click();
    await expect(seen).toHaveText('👍1');
    await expect(mineChip).toHaveAttribute('aria-pressed', 'false');

    // The feed card carries the count: kept live in the author's feed (loaded before any
    // reaction), and from the server for a fresh load.
    await author.page.goto('/#/');
    const card = author.page.getByTestId('post-card').filter({ hasText: 'Choir practice' });
    await expect(card.getByTestId('card-reactions')).toHaveText('👍1👍');
    await reader.page.goto('/#/');
    await reader.page.reload();
    const fresh = reader.page.getByTestId('post-card').filter({ hasText: 'Choir practice' });
    await expect(fresh.getByTestId('card-reactions')).toHaveText('👍1👍');
  });

  test('search from the header finds a comment and opens it, scrolled into view', async ({
    person,
  }) => {
    const author = await person('vera');
    const other = await person('ken');
    await author.signupViaApi();
    await other.signupViaApi();
    const post = await author.createPostViaApi('Lost and found', 'Anything left behind.', [
      'General',
    ]);
    // Enough comments that the one we look for is below the fold.
    for (let i = 0; i < 12; i++) await other.commentViaApi(post.id, `Filler comment ${i}.`);
    await other.commentViaApi(post.id, 'Someone left a turquoise umbrella by the door.');
    const word = 'turquois'; // a prefix, as it is typed

    const page = author.page;
    await page.goto('/#/');
    await expect(page.getByTestId('post-card').first()).toBeVisible();
    await page.keyboard.press('/');
    await expect(page.getByTestId('search-input')).toBeFocused();
    await page.keyboard.type(word);
    const results = page.getByTestId('search-results');
    const hit = results.getByRole('link', { name: /umbrella/ });
    await expect(hit).toBeVisible();
    await expect(hit.locator('mark')).toHaveText('turquoise');
    await expect(results.getByRole('region', { name: 'Comments' })).toBeVisible();

    await page.keyboard.press('ArrowDown');
    await expect(hit).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/post/${post.id}\\?comment=\\d+$`));
    const comment = page.getByTestId('comment').filter({ hasText: 'turquoise umbrella' });
    await expect(comment).toBeInViewport();
    await expect(comment).toHaveAttribute('data-highlighted', 'true');
    await expect(results).toHaveCount(0);
  });
});
