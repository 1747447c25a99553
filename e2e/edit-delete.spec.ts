/**
 * Edit and delete, seen live by a second person in a second browser context: a post (in the
 * feed and in the open post), a comment (its placeholder), and a private message (edited, its
 * files changed in the edit, then "Message deleted", and the roster preview).
 */
import type { Page } from '@playwright/test';
import { expect, test, type Person } from './support/fixtures';

async function openChat(p: Person, other: Person): Promise<void> {
  await p.page.locator(`[data-testid="roster-item"][data-nickname="${other.nickname}"]`).click();
  await expect(p.page.getByRole('heading', { level: 1, name: other.nickname })).toBeVisible();
}

const textFile = (name: string, text: string) => ({
  name,
  mimeType: 'text/plain',
  buffer: Buffer.from(`${text}\n`),
});

/** Pastes a text file into `selector`, as a file copied in a file manager would arrive. */
async function pasteFile(page: Page, selector: string, name: string, text: string): Promise<void> {
  // A string: the e2e project has no DOM types (this runs in the page).
  await page.evaluate(`(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([${JSON.stringify(`${text}\n`)}], ${JSON.stringify(name)}, { type: 'text/plain' }));
    document.querySelector(${JSON.stringify(selector)}).dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
    );
  })()`);
}

/** Opens the "…" menu inside `scope` and picks `item`. */
async function menu(page: Page, scope: ReturnType<Page['locator']>, item: string) {
  await scope.getByTestId('item-menu').first().click();
  await page.getByRole('menuitem', { name: item }).click();
}

test.describe('edit and delete', () => {
  test('a post and a comment: edited and deleted, live for a second reader', async ({ person }) => {
    const author = await person('edna');
    const reader = await person('rudi');
    await author.signupViaApi();
    await author.createPostViaApi('Books to swap', 'Novels mostly.', ['General']);
    const post = await author.createPostViaApi('Picnic on Sunday', 'Bring a blanket.', ['General']);
    await reader.signupViaApi();

    // The reader has the feed open; the author opens the post.
    const card = reader.page.getByTestId('post-card').filter({ hasText: 'Picnic on Sunday' });
    await expect(card).toBeVisible();
    await author.page.goto(`/#/post/${post.id}`);
    const article = author.page.locator('article');
    await expect(article.getByRole('heading', { name: 'Picnic on Sunday' })).toBeVisible();

    // Edit in place: the reader's feed card changes without a reload.
    await menu(author.page, article, 'Edit post');
    await author.page.getByLabel('Title').fill('Picnic on Saturday');
    await author.page.getByLabel('Post', { exact: true }).fill('Bring a blanket and a hat.');
    await author.page.getByRole('button', { name: 'Save changes' }).click();
    await expect(article.getByRole('heading', { name: 'Picnic on Saturday' })).toBeVisible();
    await expect(article.getByTestId('edited')).toBeVisible();
    await expect(
      reader.page.getByTestId('post-card').filter({ hasText: 'Picnic on Saturday' }),
    ).toBeVisible();

    // The reader opens it and comments; the author edits nothing of theirs: no Edit item.
    await reader.page.goto(`/#/post/${post.id}`);
    await expect(reader.page.getByRole('heading', { name: 'Picnic on Saturday' })).toBeVisible();
    await reader.page.getByLabel('Write a comment').fill('Count me in');
    await reader.page.getByRole('button', { name: 'Comment', exact: true }).click();
    const authorsView = author.page.getByTestId('comment').filter({ hasText: 'Count me in' });
    await expect(authorsView).toBeVisible();
    await expect(authorsView.getByTestId('item-menu')).toHaveCount(0);

    // The reader edits the comment, then deletes it; the author sees both live.
    const mine = reader.page.getByTestId('comment').filter({ hasText: 'Count me in' });
    await menu(reader.page, mine, 'Edit comment');
    await reader.page.getByLabel('Edit your comment').fill('Count me in, with cake');
    await reader.page.getByRole('button', { name: 'Save', exact: true }).click();
    const edited = author.page.getByTestId('comment').filter({ hasText: 'with cake' });
    await expect(edited).toBeVisible();
    await expect(edited.getByTestId('edited')).toBeVisible();
    await menu(reader.page, reader.page.getByTestId('comment').first(), 'Delete comment');
    await reader.page.getByTestId('confirm-delete').click();
    await expect(author.page.getByTestId('comment-deleted')).toHaveText('Comment deleted');
    await expect(author.page.getByText('with cake')).toHaveCount(0);

    // The author deletes the post: the reader's open view says so, and the feed drops it.
    await menu(author.page, article, 'Delete post');
    await author.page.getByTestId('confirm-delete').click();
    await expect(reader.page.getByTestId('post-deleted')).toBeVisible();
    await expect(reader.page.getByText('Picnic on Saturday')).toHaveCount(0);
    await reader.page.goto('/#/');
    await expect(
      reader.page.getByTestId('post-card').filter({ hasText: 'Books to swap' }),
    ).toBeVisible();
    await expect(reader.page.getByTestId('post-card').filter({ hasText: 'Picnic on' })).toHaveCount(
      0,
    );
  });

  test('a private message: edited, then deleted, live in the other conversation', async ({
    person,
  }) => {
    const a = await person('mona');
    const b = await person('bert');
    await a.signupViaApi();
    await b.signupViaApi();
    await openChat(a, b);
    await openChat(b, a);
    const composer = a.page.getByRole('textbox', { name: `Message ${b.nickname}` });
    // Sent with a file, picked in the composer.
    await a.page.getByTestId('file-picker').setInputFiles(textFile('plan.txt', 'Plan A'));
    await expect(a.page.getByTestId('upload-item')).toHaveAttribute('data-status', 'done');
    await composer.fill('See you at 7');
    await composer.press('Enter');
    const theirs = b.page.getByTestId('message').filter({ hasText: 'See you at 7' });
    await expect(theirs).toBeVisible();
    await expect(theirs.getByTestId('attachment-file')).toContainText('plan.txt');
    // Only my own messages have the menu.
    await theirs.hover();
    await expect(theirs.getByTestId('item-menu')).toHaveCount(0);

    // Up in the empty composer edits my last message; Escape leaves it as it was.
    await composer.press('ArrowUp');
    await expect(a.page.getByLabel('Edit your message')).toHaveValue('See you at 7');
    await a.page.getByLabel('Edit your message').press('Escape');
    await expect(a.page.getByTestId('message-edit-form')).toHaveCount(0);

    // (issue 12) The edit changes the text and the files: the plan goes, a map is pasted in.
    const sent = a.page.locator('[data-testid="message"][data-status="sent"]').last();
    await sent.hover();
    await menu(a.page, sent, 'Edit message');
    const form = a.page.getByTestId('message-edit-form');
    const box = a.page.getByLabel('Edit your message');
    await box.fill('See you at 8');
    await expect(form.getByTestId('kept-attachment')).toContainText('plan.txt');
    await form.getByRole('button', { name: 'Remove plan.txt' }).click();
    await expect(form.getByTestId('kept-attachment')).toHaveCount(0);
    await pasteFile(a.page, '#edit-message', 'map.txt', 'North is up');
    await expect(form.getByTestId('upload-item')).toHaveAttribute('data-status', 'done');
    await box.press('Enter');
    await expect(form).toHaveCount(0);
    const edited = b.page.getByTestId('message').filter({ hasText: 'See you at 8' });
    await expect(edited).toBeVisible();
    await expect(edited.getByTestId('edited')).toBeVisible();
    await expect(edited.getByTestId('attachment-file')).toHaveCount(1);
    await expect(edited.getByTestId('attachment-file')).toContainText('map.txt');
    await expect(b.page.getByText('plan.txt')).toHaveCount(0);

    // A text-only edit keeps the files.
    await sent.hover();
    await menu(a.page, sent, 'Edit message');
    await expect(form.getByTestId('kept-attachment')).toContainText('map.txt');
    await box.fill('See you at 9');
    await box.press('Enter');
    const again = b.page.getByTestId('message').filter({ hasText: 'See you at 9' });
    await expect(again).toBeVisible();
    await expect(again.getByTestId('attachment-file')).toContainText('map.txt');

    await sent.hover();
    await menu(a.page, sent, 'Delete message');
    await a.page.getByTestId('confirm-delete').click();
    await expect(b.page.getByTestId('message-deleted')).toHaveText('Message deleted');
    await expect(b.page.getByText('See you at 9')).toHaveCount(0);
    await expect(a.page.getByTestId('message-deleted')).toBeVisible();
    // The roster's preview loses the text too.
    await expect(
      b.page.locator(`[data-testid="roster-item"][data-nickname="${a.nickname}"]`),
    ).toContainText('Message deleted');
  });
});
