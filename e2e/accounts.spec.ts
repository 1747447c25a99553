/**
 * Accounts and profiles in Chromium: a profile reached by clicking a name, an edit of one's
 * own profile seen live by someone else, a password change ending another session, and a
 * password-reset link made by the owner and used in a fresh browser context.
 */
import { E2E_OWNER } from './support/forum-server';
import { expect, expectSignedIn, expectSignedOut, newContext, test } from './support/fixtures';

test('a name opens the profile; Message opens the chat; the chat header links back', async ({
  person,
}) => {
  const ann = await person('ann');
  const bob = await person('bob');
  await ann.signupViaApi(false);
  const post = await ann.createPostViaApi('Trail run on Sunday', 'Who is in? 8 km, easy pace.', [
    'Sport',
  ]);
  // Signed up after the post, so it is in the first page of the feed.
  await bob.signupViaApi();

  // From the feed: the author's name on the card.
  const card = bob.page.getByTestId('post-card').filter({ hasText: 'Trail run on Sunday' });
  await card.getByTestId('author-link').click();
  await expect(bob.page).toHaveURL(new RegExp(`#/u/${ann.nickname}$`));
  await expect(bob.page.getByRole('heading', { level: 1 })).toHaveText('Ann Tester');
  await expect(bob.page.getByText(`@${ann.nickname}`)).toBeVisible();
  await expect(bob.page.getByTestId('post-count')).toHaveText('1 post');
  await expect(bob.page.getByRole('link', { name: 'Trail run on Sunday' })).toBeVisible();
  // A member sees no e-mail and no reset action.
  await expect(bob.page.getByText(ann.account.email)).toHaveCount(0);
  await expect(bob.page.getByRole('button', { name: 'Create password-reset link' })).toHaveCount(0);

  // From the post's byline too.
  await bob.page.goto(`/#/post/${post.id}`);
  await bob.page.getByRole('article').getByTestId('author-link').first().click();
  await expect(bob.page).toHaveURL(new RegExp(`#/u/${ann.nickname}$`));

  await bob.page.getByRole('link', { name: 'Message', exact: true }).click();
  await expect(bob.page).toHaveURL(new RegExp(`#/chat/${ann.nickname}$`));
  await bob.page.getByTestId('chat-profile-link').click();
  await expect(bob.page.getByRole('heading', { level: 1 })).toHaveText('Ann Tester');
});

test('an edit of one’s own profile reaches someone looking at it, live', async ({ person }) => {
  const ann = await person('ann');
  const bob = await person('bob');
  await ann.signupViaApi();
  await bob.signupViaApi();
  await bob.page.goto(`/#/u/${ann.nickname}`);
  await expect(bob.page.getByRole('heading', { level: 1 })).toHaveText('Ann Tester');

  // Ann: the user menu → Account.
  await ann.page.getByRole('button', { name: /account menu/ }).click();
  await ann.page.getByRole('menuitem', { name: 'Account' }).click();
  await expect(ann.page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await ann.page.getByLabel('First name').fill('Annika');
  await ann.page.getByLabel('Bio').fill('Runs trails.\nMakes bread on Saturdays.');
  await ann.page.getByRole('button', { name: 'Save profile' }).click();
  await expect(ann.page.getByText('Profile saved')).toBeVisible();

  await expect(bob.page.getByRole('heading', { level: 1 })).toHaveText('Annika Tester');
  await expect(bob.page.getByTestId('profile-bio')).toHaveText(
    'Runs trails.\nMakes bread on Saturdays.',
  );
  // Ann's own menu follows.
  await ann.page.getByRole('button', { name: /account menu/ }).click();
  await expect(ann.page.getByRole('menu')).toContainText('Annika Tester');
});

test('a password change signs the other session out and keeps this one', async ({
  person,
  browser,
  forumUrl,
}) => {
  const ann = await person('ann');
  await ann.signupViaApi();
  const laptop = await newContext(browser, forumUrl);
  const other = await laptop.newPage();
  const login = await laptop.request.post('/api/auth/login', {
    data: { login: ann.nickname, password: ann.account.password },
  });
  expect(login.status()).toBe(200);
  await other.goto('/');
  await expectSignedIn(other, ann.nickname);

  await ann.page.goto('/#/account');
  await ann.page.getByLabel('Current password').fill('wrong password');
  await ann.page.getByLabel('New password', { exact: true }).fill('a much newer secret');
  await ann.page.getByLabel('Confirm new password').fill('a much newer secret');
  await ann.page.getByRole('button', { name: 'Change password' }).click();
  await expect(ann.page.getByText('Your current password is not right.')).toBeVisible();
  await expectSignedIn(other, ann.nickname);

  await ann.page.getByLabel('Current password').fill(ann.account.password);
  await ann.page.getByRole('button', { name: 'Change password' }).click();
  await expect(ann.page.getByText(/Password changed/)).toBeVisible();

  // The other session's socket closed with 4401: its window is back at the login screen.
  await expectSignedOut(other);
  await expect(other.getByText('Your session has ended. Please log in again.')).toBeVisible();
  await expectSignedIn(ann.page, ann.nickname);
  await ann.page.reload();
  await expectSignedIn(ann.page, ann.nickname);
  await laptop.close();
});

test('the owner makes a reset link; it works once, in a fresh browser', async ({
  person,
  browser,
  forumUrl,
}) => {
  const ann = await person('ann');
  await ann.signupViaApi();
  const owner = await person('owner');
  const signedIn = await owner.context.request.post('/api/auth/login', {
    data: { login: E2E_OWNER.nickname, password: E2E_OWNER.password },
  });
  expect(signedIn.status()).toBe(200);

  await owner.page.goto(`/#/u/${ann.nickname}`);
  await expect(owner.page.getByText(ann.account.email)).toBeVisible();
  await owner.page.getByRole('button', { name: 'Create password-reset link' }).click();
  await owner.page.getByRole('button', { name: 'Create link' }).click();
  const url = await owner.page.getByTestId('reset-link-url').inputValue();
  expect(url).toMatch(/\/#\/reset\/[A-Za-z0-9_-]{43}$/);

  const fresh = await newContext(browser, forumUrl);
  const page = await fresh.newPage();
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(page.getByText(`@${ann.nickname}`)).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill('chosen after reset');
  await page.getByLabel('Confirm new password').fill('chosen after reset');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await expectSignedIn(page, ann.nickname);

  // Every earlier session of Ann's ended.
  await expectSignedOut(ann.page);

  // Used once: the same link now explains itself.
  const again = await newContext(browser, forumUrl);
  const page2 = await again.newPage();
  await page2.goto(url);
  await expect(page2.getByRole('heading', { name: 'This link was already used' })).toBeVisible();
  await expect(page2.getByText('already been used')).toBeVisible();

  // The new password logs in.
  await page2.getByRole('link', { name: 'Go to log in' }).click();
  await page2.getByLabel('Nickname or e-mail').fill(ann.nickname);
  await page2.getByLabel('Password').fill('chosen after reset');
  await page2.getByRole('button', { name: 'Log in' }).click();
  await expectSignedIn(page2, ann.nickname);
  await fresh.close();
  await again.close();
});
