/**
 * Formatting and @mentions (issue 12) in Chromium against the real server: a post written in
 * Markdown (previewed, published, shown formatted, its feed excerpt plain), and a mention
 * typed through the @ menu that reaches the other person's bell live and is highlighted for
 * them.
 */
import { expect, test } from './support/fixtures';

test.describe('formatting and mentions', () => {
  test('a post in Markdown: previewed, rendered formatted and safe, plain in the feed', async ({
    person,
  }) => {
    const author = await person('fmt');
    await author.signupViaApi();
    await author.page.goto('/#/new');
    await author.page.getByLabel('Title').fill('Saturday repair café');
    await author.page.getByRole('checkbox', { name: 'General' }).check();
    const body = author.page.getByLabel('Post', { exact: true });
    await body.fill(
      [
        '## What to bring',
        '',
        'Bring **broken toasters** and _lamps_; we have ~~no~~ spare `fuses`.',
        '',
        '- soldering iron',
        '- kettle descaler',
        '',
        '> Fix it, don’t bin it.',
        '',
        'Details: [the wiki](https://example.com/repair) <script>alert(1)</script>',
        '[bad](javascript:alert(1))',
      ].join('\n'),
    );
    await expect(author.page.getByTestId('format-hint')).toBeVisible();
    await author.page.getByTestId('preview-tab').click();
    const preview = author.page.getByTestId('post-preview');
    await expect(preview.locator('h2')).toHaveText('What to bring');
    await expect(preview.locator('strong')).toHaveText('broken toasters');
    await author.page.getByRole('button', { name: 'Publish' }).click();

    const article = author.page.locator('article');
    await expect(article.getByRole('heading', { name: 'Saturday repair café' })).toBeVisible();
    const rich = article.getByTestId('rich-text');
    await expect(rich.locator('h2')).toHaveText('What to bring');
    await expect(rich.locator('em')).toHaveText('lamps');
    await expect(rich.locator('s')).toHaveText('no');
    await expect(rich.locator('code')).toHaveText('fuses');
    await expect(rich.locator('li')).toHaveText(['soldering iron', 'kettle descaler']);
    await expect(rich.locator('blockquote')).toContainText('Fix it');
    const link = rich.getByRole('link', { name: 'the wiki' });
    await expect(link).toHaveAttribute('href', 'https://example.com/repair');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    await expect(link).toHaveAttribute('target', '_blank');
    // Typed markup is text; a javascript: link is no link.
    await expect(rich).toContainText('<script>alert(1)</script>');
    await expect(rich.locator('script')).toHaveCount(0);
    await expect(rich.getByRole('link')).toHaveCount(1);

    await author.page.goto('/#/');
    const card = author.page.getByTestId('post-card').filter({ hasText: 'Saturday repair café' });
    await expect(card).toContainText('What to bring');
    await expect(card).toContainText('Bring broken toasters and lamps');
    await expect(card).not.toContainText('**');
    await expect(card).not.toContainText('##');
  });

  test('a mention picked from the @ menu rings their bell and is highlighted for them', async ({
    person,
  }) => {
    const mira = await person('mira');
    const writer = await person('wren');
    await mira.signupViaApi();
    await writer.signupViaApi();
    const post = await writer.createPostViaApi('Lost keys', 'Found a set by the door.', [
      'General',
    ]);
    await expect(mira.page.getByTestId('bell')).toBeVisible();
    await expect(mira.page.getByTestId('bell-count')).toHaveCount(0);

    await writer.page.goto(`/#/post/${post.id}`);
    const box = writer.page.getByLabel('Write a comment');
    await box.click();
    await box.pressSequentially('Are these yours @');
    // A bare @ offers people at once; the arrows move through them.
    const menu = writer.page.getByTestId('mention-menu');
    const options = menu.getByRole('option');
    await expect(options.nth(1)).toBeVisible();
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
    await box.press('ArrowDown');
    await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
    await box.press('ArrowUp');
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
    await box.pressSequentially(mira.nickname.slice(0, 5));
    await expect(menu.getByRole('option', { name: `@${mira.nickname}` })).toBeVisible();
    await expect(box).toHaveAttribute('aria-expanded', 'true');
    // Esc closes the menu and keeps the text; typing brings it back; Enter picks.
    await box.press('Escape');
    await expect(menu).toHaveCount(0);
    await box.pressSequentially(mira.nickname.slice(5, 6));
    await expect(menu.getByRole('option', { selected: true })).toContainText(`@${mira.nickname}`);
    await box.press('Enter');
    await expect(menu).toHaveCount(0);
    await box.pressSequentially('? They have a red tag.');
    await expect(box).toHaveValue(`Are these yours @${mira.nickname} ? They have a red tag.`);
    await writer.page.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect(writer.page.getByTestId('comment').filter({ hasText: 'red tag' })).toBeVisible();

    // Mira's bell rings live; the notification opens the post, where the mention is hers.
    await expect(mira.page.getByTestId('bell-count')).toHaveText('1');
    await mira.page.getByTestId('bell').click();
    const item = mira.page.getByTestId('notification').first();
    // One row per post and kind (issue 13): who, "mentioned you in", the post, the comment's line.
    await expect(item).toContainText(`${writer.nickname} mentioned you in “Lost keys”`);
    await expect(item).toContainText('They have a red tag.');
    await item.click();
    const comment = mira.page.getByTestId('comment').filter({ hasText: 'red tag' });
    await expect(comment.locator('.mention.me')).toHaveText(`@${mira.nickname}`);
    // The writer sees the mention marked, but not as their own.
    const theirs = writer.page.getByTestId('comment').filter({ hasText: 'red tag' });
    await expect(theirs.locator('.mention')).toHaveText(`@${mira.nickname}`);
    await expect(theirs.locator('.mention.me')).toHaveCount(0);
  });
});
