import { expect, test } from './support/fixtures';

test.describe('attention (issue 13)', () => {
  test('a grouped notification opens the exact comment, highlighted; the bell clears on the other device', async ({
    person,
  }) => {
    const author = await person('ava');
    const ana = await person('ana');
    const ben = await person('ben');
    await author.signupViaApi();
    await ana.signupViaApi(false);
    await ben.signupViaApi(false);
    const post = await author.createPostViaApi(
      `Simulated annealing ${Date.now()}`,
      'Cooling schedules',
      ['General'],
    );
    for (let i = 0; i < 14; i++) {
      await (i % 2 ? ana : ben).commentViaApi(post.id, `Comment number ${i}\nsecond line`);
    }
    await ana.commentViaApi(post.id, 'The one to land on');

    // A second device of the same person.
    const phone = await author.context.newPage();
    await phone.goto('/#/');
    // The bell counts rows as the list shows them (h-rooms): 15 comments, one row.
    await expect(phone.getByTestId('bell-count')).toHaveText('1');
    await expect(author.page.getByTestId('bell-count')).toHaveText('1');

    await author.page.getByTestId('bell').click();
    const panel = author.page.getByRole('dialog', { name: 'Notifications' });
    const row = panel.getByTestId('notification');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(`${ana.nickname} and ${ben.nickname} commented on your post`);
    await expect(row).toContainText('The one to land on');
    await expect(row.getByTestId('notification-count')).toContainText('15 new');
    // Opening the panel alone reads nothing.
    await expect(phone.getByTestId('bell-count')).toHaveText('1');

    await row.click();
    const target = author.page.locator('[data-testid="comment"]', {
      hasText: 'The one to land on',
    });
    await expect(target).toHaveAttribute('data-highlighted', 'true');
    await expect(target).toBeInViewport();
    // Read on this device: the other device's bell clears, live.
    await expect(phone.getByTestId('bell-count')).toHaveCount(0);
    await expect(author.page.getByTestId('bell-count')).toHaveCount(0);
  });

  test('the feed keeps its order in the address, shows compact rows, and Back restores the position', async ({
    person,
  }) => {
    const writer = await person('wil');
    const reader = await person('rea');
    await reader.signupViaApi(false);
    await writer.signupViaApi(false);
    const stamp = Date.now();
    const titles: string[] = [];
    for (let i = 0; i < 30; i++) {
      const t = `Feed post ${i} ${stamp}`;
      titles.push(t);
      await writer.createPostViaApi(t, 'Body', ['General']);
    }
    const page = reader.page;
    await page.goto('/#/');
    await expect(page.getByText(titles[29]!)).toBeVisible();
    await expect(page.getByTestId('post-new').first()).toBeVisible();

    await page.getByRole('button', { name: 'Latest activity' }).click();
    await expect(page).toHaveURL(/#\/\?sort=activity$/);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Latest activity' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await page.getByTestId('density-compact').click();
    const rows = page.getByTestId('feed-compact').getByTestId('post-card');
    await expect(rows.first()).toBeVisible();
    let inView = 0;
    for (let i = 0; i < 20; i++)
      if ((await rows.nth(i).isVisible()) && (await rows.nth(i).boundingBox())!.y + 36 <= 800)
        inView++;
    expect(inView).toBeGreaterThanOrEqual(15);

    // Scroll down, open a post, come Back: the same place, the same pages.
    await page.evaluate(`document.getElementById('main').scrollTo(0, 420)`);
    const before = await page.evaluate<number>(`document.getElementById('main').scrollTop`);
    expect(before).toBeGreaterThan(300);
    await rows.nth(14).getByRole('link').click();
    await expect(page).toHaveURL(/#\/post\/\d+$/);
    await page.goBack();
    await expect(page).toHaveURL(/#\/\?sort=activity$/);
    await expect
      .poll(() => page.evaluate<number>(`document.getElementById('main').scrollTop`))
      .toBe(before);
  });
});

test('drafts survive a reload, and the people list says "Draft:" (a room shows its mark)', async ({
  person,
}) => {
  const a = await person('dra');
  const b = await person('drb');
  await b.signupViaApi(false);
  await a.signupViaApi();
  const post = await b.createPostViaApi(`Draft post ${Date.now()}`, 'Body', ['General']);
  const page = a.page;
  await page.goto(`/#/post/${post.id}`);
  await page.getByLabel('Write a comment').fill('A comment I have not finished');
  await page.goto(`/#/chat/${b.nickname}`);
  await page.getByPlaceholder(`Message ${b.nickname}`).fill('See you at');
  const general = page.locator('[data-testid="room-item"][data-name="General"]');
  await general.click();
  await page.locator('#room-text').fill('Half a thought for the room');
  await page.goto('/#/');
  await page.reload();
  await expect(
    page.getByRole('complementary', { name: 'Conversations' }).getByTestId('roster-draft'),
  ).toContainText('Draft: See you at');
  // A room keeps its own draft (by conversation), marked in the sidebar.
  await expect(general.getByTestId('room-draft')).toBeVisible();
  await general.click();
  await expect(page.locator('#room-text')).toHaveValue('Half a thought for the room');
  await expect(general.getByTestId('room-draft')).toHaveCount(0);
  await page.goto(`/#/post/${post.id}`);
  await expect(page.getByLabel('Write a comment')).toHaveValue('A comment I have not finished');
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(page.getByTestId('comment')).toContainText(['A comment I have not finished']);
  await page.reload();
  await expect(page.getByLabel('Write a comment')).toHaveValue('');
});
