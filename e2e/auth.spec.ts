import { expect, expectSignedOut, test } from './support/fixtures';

test.describe('sign up and log in', () => {
  test('both sign up; one logs out and back in by e-mail', async ({ person }) => {
    const a = await person('alice');
    const b = await person('bob');
    await a.signupViaUi();
    await b.signupViaUi();

    await expect(a.page.getByRole('heading', { name: 'Feed', exact: true })).toBeVisible();
    await expect(b.page.getByRole('heading', { name: 'Feed', exact: true })).toBeVisible();

    await a.logoutViaUi();
    await a.page.reload();
    await expectSignedOut(a.page);

    await a.loginViaUi(a.account.email.toUpperCase());
    await expect(a.page.getByRole('heading', { name: 'Feed', exact: true })).toBeVisible();
    expect((await a.fetchMe()).nickname).toBe(a.nickname);
  });

  test('server errors show next to their field and nothing is lost', async ({ person }) => {
    const a = await person('carol');
    await a.signupViaApi(false);
    const b = await person('dave');
    const { page } = b;
    await page.goto('/');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Nickname').fill(a.nickname.toUpperCase());
    await page.getByLabel('E-mail').fill(b.account.email);
    await page.getByLabel('Password').fill(b.account.password);
    await page.getByLabel('First name').fill('Dave');
    await page.getByLabel('Last name').fill('Tester');
    await page.getByLabel('Age').fill('41');
    await page.getByLabel('Gender').selectOption('male');
    await page.getByRole('button', { name: 'Create account' }).click();

    const nickname = page.getByLabel('Nickname');
    await expect(nickname).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#signup-nickname-error')).toContainText(/taken|already/i);
    await expect(nickname).toBeFocused();
    await expect(page.getByLabel('E-mail')).toHaveValue(b.account.email);

    // A too-young age comes back from the server on the age field.
    await nickname.fill(b.nickname);
    await page.getByLabel('Age').fill('9');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('#signup-age-error')).toBeVisible();

    // Wrong password at login is a form-level message.
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByLabel('Nickname or e-mail').fill(a.nickname);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert')).toContainText(/nickname|password|credentials/i);
    await expectSignedOut(page);
  });

  test('logged out, nothing but the login screen is visible, even on a deep link', async ({
    page,
  }) => {
    await page.goto('/#/post/1');
    await expectSignedOut(page);
    await page.goto('/#/chat/someone');
    await expectSignedOut(page);
  });
});
