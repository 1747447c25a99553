import { expect, expectSignedOut, test } from './support/fixtures';

test.describe('forum', () => {
  test('B creates a post with two categories and A sees it appear live', async ({ person }) => {
    const a = await person('ann');
    const b = await person('ben');
    // A's feed shows a post already (an empty one shows the first post at once, no pill).
    await b.signupViaApi();
    await b.createPostViaApi(`Earlier ${Date.now()}`, 'Before the picnic.', ['General']);
    await a.signupViaApi();
    await expect(a.page.getByRole('heading', { name: 'Feed', exact: true })).toBeVisible();
    await expect(a.page.getByTestId('post-card').first()).toBeVisible();

    const title = `Picnic by the river ${Date.now()}`;
    await b.page.getByRole('link', { name: 'New post' }).click();
    await b.page.getByLabel('Title').fill(title);
    await b.page.getByRole('checkbox', { name: 'Music' }).check();
    await b.page.getByRole('checkbox', { name: 'Science' }).check();
    await b.page
      .getByLabel('Post', { exact: true })
      .fill('Bring a blanket. Details: https://example.com/picnic');
    await b.page.getByRole('button', { name: 'Publish' }).click();

    // B lands on the new post; the link in the body is a safe external link.
    await expect(b.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const link = b.page.getByRole('link', { name: 'https://example.com/picnic' });
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    await expect(link).toHaveAttribute('target', '_blank');

    // A's feed does not jump: a pill announces it, and a click shows it at the top.
    const pill = a.page.getByTestId('new-posts-pill');
    await expect(pill).toHaveText(/1 new post/);
    await pill.click();
    const card = a.page.getByTestId('post-card').first();
    await expect(card).toContainText(title);
    await expect(card.getByRole('listitem')).toHaveText(['Music', 'Science']);
    await expect(card).toContainText(b.nickname);
  });

  test('a long post: the card shows its start, the post view all of it (live, from the card, by link)', async ({
    person,
  }) => {
    const a = await person('ivy');
    const b = await person('jon');
    await a.signupViaApi();
    await b.signupViaApi();
    await expect(a.page.getByRole('heading', { name: 'Feed', exact: true })).toBeVisible();
    await expect(a.page.getByLabel('Loading posts')).toHaveCount(0);

    // Feed items (and the live event) carry only the first ~600 characters.
    const ending = `The last line, number ${Date.now()}.`;
    const body = `${'The kettle sang while we talked about the garden. '.repeat(40)}${ending}`;
    const post = await b.createPostViaApi(`Long read ${Date.now()}`, body, ['Culture']);
    await a.page.getByTestId('new-posts-pill').click();
    const card = a.page.getByTestId('post-card').filter({ hasText: post.title });
    await expect(card.locator('.excerpt')).toHaveText(/^The kettle sang .*…$/);
    await expect(card).not.toContainText('The last line');

    // The post view fetches the whole post, whether opened from the card or a link.
    await card.getByRole('link', { name: post.title }).click();
    await expect(a.page).toHaveURL(new RegExp(`#/post/${post.id}$`));
    await expect(a.page.locator('article')).toContainText(ending);
    await a.page.reload();
    await expect(a.page.getByRole('heading', { level: 1, name: post.title })).toBeVisible();
    await expect(a.page.locator('article')).toContainText(ending);
  });

  test('A comments, B’s bell goes up live, and the notification opens the post with the comment', async ({
    person,
  }) => {
    const a = await person('amy');
    const b = await person('bo');
    await a.signupViaApi();
    await b.signupViaApi();
    const post = await b.createPostViaApi(`Garden tools ${Date.now()}`, 'Who has a rake?', [
      'General',
    ]);

    await a.page.goto(`/#/post/${post.id}`);
    await expect(a.page.getByRole('heading', { level: 1, name: post.title })).toBeVisible();
    await expect(b.page.getByTestId('bell-count')).toHaveCount(0);

    const text = `I have two, come by anytime ${Date.now()}`;
    await a.page.getByLabel('Write a comment').fill(text);
    await a.page.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect(a.page.getByTestId('comment')).toContainText([text]);
    await expect(a.page.getByLabel('Write a comment')).toHaveValue('');

    await expect(b.page.getByTestId('bell-count')).toHaveText('1');
    await b.page.getByTestId('bell').click();
    const item = b.page.getByTestId('notification').first();
    await expect(item).toContainText(a.nickname);
    await item.click();

    await expect(b.page).toHaveURL(new RegExp(`#/post/${post.id}$`));
    await expect(b.page.getByRole('heading', { level: 1, name: post.title })).toBeVisible();
    await expect(b.page.getByTestId('comment')).toContainText([text]);
    // Read on the server → the count, pushed back as `unread`, clears.
    await expect(b.page.getByTestId('bell-count')).toHaveCount(0);
  });

  test('notifications panel: a click opens the post and reads one; "Mark all read" reads the rest', async ({
    person,
  }) => {
    const a = await person('cal');
    const b = await person('dee');
    await a.signupViaApi();
    await b.signupViaApi();
    const first = await b.createPostViaApi(`Bike repair ${Date.now()}`, 'Flat tyre', ['Sport']);
    const second = await b.createPostViaApi(`Bread swap ${Date.now()}`, 'Sourdough', ['General']);
    await a.commentViaApi(first.id, 'I have a pump');
    await a.commentViaApi(second.id, 'Rye for sourdough?');
    await a.commentViaApi(second.id, 'Or spelt');

    const count = b.page.getByTestId('bell-count');
    // The bell counts rows as the list shows them (h-rooms): two posts, two rows.
    await expect(count).toHaveText('2');
    await expect(b.page).toHaveTitle(/^\(2\) /);
    await b.page.getByTestId('bell').click();
    const panel = b.page.getByRole('dialog', { name: 'Notifications' });
    // Grouped per post (issue 13): the two comments on the second post are one row.
    await expect(panel.getByTestId('notification')).toHaveCount(2);
    // Newest first, so the last one is the comment on the first post.
    await panel.getByTestId('notification').last().click();
    await expect(b.page).toHaveURL(new RegExp(`#/post/${first.id}$`));
    await expect(b.page.getByTestId('comment')).toContainText(['I have a pump']);
    await expect(count).toHaveText('1');

    await b.page.getByTestId('bell').click();
    await expect(panel.locator('[data-testid="notification"].unread')).toHaveCount(1);
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await expect(count).toHaveCount(0);
    await expect(panel.locator('[data-testid="notification"].unread')).toHaveCount(0);
    await expect(b.page).not.toHaveTitle(/^\(/);
  });

  test('a comment by someone else arrives live in the open post', async ({ person }) => {
    const a = await person('ava');
    const b = await person('bill');
    await a.signupViaApi();
    await b.signupViaApi();
    const post = await a.createPostViaApi(`Live comments ${Date.now()}`, 'Say something', [
      'Culture',
    ]);
    await a.page.goto(`/#/post/${post.id}`);
    await expect(a.page.getByText('No comments yet')).toBeVisible();
    await b.commentViaApi(post.id, 'Hello from the other side');
    await expect(a.page.getByTestId('comment')).toContainText(['Hello from the other side']);
  });

  test('a comment that cannot be sent is said next to its button, the text kept; a pasted control character is dropped', async ({
    person,
  }) => {
    const a = await person('cid');
    await a.signupViaApi();
    const post = await a.createPostViaApi(`Offline comment ${Date.now()}`, 'Try it', ['General']);
    const { page } = a;
    await page.goto(`/#/post/${post.id}`);
    const box = page.getByRole('textbox', { name: 'Write a comment' });

    // Pasted from somewhere that carries control characters (a terminal, an old document).
    await box.focus();
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'Pasted\u0007 text\u0001');
      document.activeElement.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    })()`);
    await expect(box).toHaveValue('Pasted text');

    await page.route('**/api/posts/*/comments', (r) => r.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    const error = page.locator('#comment-form-error');
    await expect(error).toContainText('Your comment wasn’t posted');
    await expect(error).toContainText('Your text is still here');
    await expect(box).toHaveValue('Pasted text');
    // Said in the form, not in a toast far from the button.
    await expect(page.getByRole('alert')).toHaveCount(1);

    await page.unroute('**/api/posts/*/comments');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect(page.getByTestId('comment')).toContainText(['Pasted text']);
    await expect(error).toHaveCount(0);
    await expect(box).toHaveValue('');
  });

  test('new post: server validation next to the field, and no text lost', async ({ person }) => {
    const a = await person('abe');
    await a.signupViaApi();
    const { page } = a;
    await page.goto('/#/new');
    await page.getByLabel('Title').fill('A post without a category');
    await page
      .getByLabel('Post', { exact: true })
      .fill('This text must survive the failed publish.');
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(page.locator('#post-categories-error')).toContainText(/category/i);
    await expect(page.getByLabel('Title')).toHaveValue('A post without a category');
    await expect(page.getByLabel('Post', { exact: true })).toHaveValue(
      'This text must survive the failed publish.',
    );

    // The draft also survives leaving the page.
    await page.goto('/#/');
    await page.goto('/#/new');
    await expect(page.getByLabel('Post', { exact: true })).toHaveValue(
      'This text must survive the failed publish.',
    );
    await page.getByRole('checkbox', { name: 'Technology' }).check();
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'A post without a category' }),
    ).toBeVisible();
  });

  test('user text is never HTML', async ({ person }) => {
    const a = await person('eve');
    await a.signupViaApi();
    const post = await a.createPostViaApi(
      '<img src=x onerror="window.__pwned=1">',
      '<script>window.__pwned=1</script> javascript:alert(1) [x](javascript:alert(1))',
      ['General'],
    );
    await a.page.goto(`/#/post/${post.id}`);
    await expect(a.page.getByRole('heading', { level: 1 })).toHaveText(
      '<img src=x onerror="window.__pwned=1">',
    );
    await expect(a.page.locator('article img, article script')).toHaveCount(0);
    // The title and the text make no links (the author's name links to their profile: the
    // app's own link, not the user's text).
    await expect(a.page.locator('article h1 a, article .body a')).toHaveCount(0);
    await expect(a.page.locator('article .body')).toContainText('javascript:alert(1)');
    expect(await a.page.evaluate('window.__pwned')).toBeUndefined();
  });

  test('logout from the post view', async ({ person }) => {
    const a = await person('ada');
    await a.signupViaApi();
    const post = await a.createPostViaApi(`Leaving soon ${Date.now()}`, 'Bye for now', ['General']);
    await a.page.goto(`/#/post/${post.id}`);
    await expect(a.page.getByRole('heading', { level: 1, name: post.title })).toBeVisible();
    await a.logoutViaUi();
    // The cookie is gone on the server too.
    expect((await a.context.request.get('/api/auth/me')).status()).toBe(401);
    await a.page.reload();
    await expectSignedOut(a.page);
  });
});
