import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, type Person, test } from './support/fixtures';

async function openChat(p: Person, other: Person): Promise<void> {
  await p.page.locator(`[data-testid="roster-item"][data-nickname="${other.nickname}"]`).click();
  await expect(p.page.getByRole('heading', { level: 1, name: other.nickname })).toBeVisible();
}

/** Pastes a freshly drawn 900×500 PNG into `selector`, as a screenshot tool's clipboard would. */
async function pasteScreenshot(page: Page, selector: string): Promise<void> {
  // A string: the e2e project has no DOM types (this runs in the page).
  await page.evaluate(`(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 900;
    canvas.height = 500;
    const g = canvas.getContext('2d');
    g.fillStyle = '#2563eb';
    g.fillRect(0, 0, 900, 500);
    g.fillStyle = '#fbbf24';
    g.fillRect(100, 100, 300, 200);
    const blob = await new Promise((r) => canvas.toBlob(r, 'image/png'));
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'image.png', { type: 'image/png' }));
    document.querySelector(${JSON.stringify(selector)}).dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
    );
  })()`);
}

/** A loaded picture's own width (0 while it has not decoded). */
const naturalWidth = (el: unknown): number => (el as { naturalWidth: number }).naturalWidth;

test.describe('pictures and files', () => {
  test('a screenshot pasted into the chat arrives on the other side as a picture', async ({
    person,
  }) => {
    const a = await person('pia');
    const b = await person('quin');
    await a.signupViaApi();
    await b.signupViaApi();
    await openChat(a, b);
    await openChat(b, a);

    await pasteScreenshot(a.page, '#composer');
    // It uploads at once: the tray shows it done, then Enter sends it without any text.
    const item = a.page.getByTestId('upload-item');
    await expect(item).toHaveAttribute('data-status', 'done');
    await expect(item).toContainText(/Screenshot \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d\.png/);
    await a.page.locator('#composer').press('Enter');
    await expect(a.page.getByTestId('upload-item')).toHaveCount(0);

    // The other side sees the thumbnail (a real, decoded picture of at most 480 px)…
    const thumb = b.page
      .getByTestId('message')
      .last()
      .getByRole('button', { name: /full size/ });
    await expect(thumb).toBeVisible();
    const img = thumb.locator('img');
    await expect.poll(() => img.evaluate(naturalWidth)).toBe(480);
    // …and a click opens it full size.
    await thumb.click();
    const full = b.page.locator('dialog img');
    await expect.poll(() => full.evaluate(naturalWidth)).toBe(900);
    await b.page.keyboard.press('Escape');

    // The sender's own copy arrived too (the echo), and nobody else can read the file.
    await expect(a.page.getByTestId('message').last()).toHaveAttribute('data-status', 'sent');
    const src = (await img.getAttribute('src')) ?? '';
    const outsider = await person('rex');
    await outsider.signupViaApi(false);
    expect((await outsider.context.request.get(src)).status()).toBe(403);
  });

  test('a file attached to a post is downloaded by another member, byte for byte', async ({
    person,
  }) => {
    const a = await person('sam');
    const b = await person('tia');
    await a.signupViaApi();
    await b.signupViaApi();
    const content = `Agenda\n1. Welcome\n2. Budget ${Date.now()}\n`;

    const title = `Minutes ${Date.now()}`;
    await a.page.getByRole('link', { name: 'New post' }).click();
    await a.page.getByLabel('Title').fill(title);
    await a.page.getByRole('checkbox', { name: 'Music' }).check();
    await a.page.getByLabel('Post', { exact: true }).fill('The agenda is attached.');
    await a.page.getByTestId('file-picker').setInputFiles({
      name: 'agenda.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(content),
    });
    await expect(a.page.getByTestId('upload-item')).toHaveAttribute('data-status', 'done');
    await a.page.getByRole('button', { name: 'Publish' }).click();
    await expect(a.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const url = a.page.url();

    await b.page.goto(url);
    const card = b.page.getByTestId('attachment-file');
    await expect(card).toContainText('agenda.txt');
    await expect(card).toContainText(/Text · \d+ bytes/);
    const [download] = await Promise.all([b.page.waitForEvent('download'), card.click()]);
    expect(download.suggestedFilename()).toBe('agenda.txt');
    expect(readFileSync(await download.path(), 'utf8')).toBe(content);

    // The author edits the post's files: removes the agenda, attaches the minutes. The
    // reader, still on the post, sees the change live.
    await a.page.getByRole('button', { name: 'Post actions' }).click();
    await a.page.getByRole('menuitem', { name: 'Edit post' }).click();
    const form = a.page.getByTestId('post-edit-form');
    await expect(form.getByTestId('kept-attachment')).toContainText('agenda.txt');
    await form.getByRole('button', { name: 'Remove agenda.txt' }).click();
    await expect(form.getByTestId('kept-attachment')).toHaveCount(0);
    await form.getByTestId('file-picker').setInputFiles({
      name: 'minutes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Minutes: all agreed.\n'),
    });
    await expect(form.getByTestId('upload-item')).toHaveAttribute('data-status', 'done');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form).toHaveCount(0);
    await expect(a.page.getByTestId('attachment-file')).toContainText('minutes.txt');
    await expect(b.page.getByTestId('attachment-file')).toContainText('minutes.txt');
    await expect(b.page.getByTestId('attachment-file')).toHaveCount(1);

    // The feed, loaded afresh, shows the post's file count on its card.
    await b.page.goto(url.replace(/#.*$/, '#/'));
    await b.page.reload();
    const postCard = b.page.getByTestId('post-card').filter({ hasText: title });
    await expect(postCard.getByTestId('card-attachments')).toHaveText(/1/);
    await expect(postCard.getByTestId('card-attachments')).toHaveAttribute('title', '1 attachment');
  });
});
