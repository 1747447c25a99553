import type { Page } from '@playwright/test';
import { expect, test, type Person } from './support/fixtures';

const roomItem = (page: Page, name: string) =>
  page.locator(`[data-testid="room-item"][data-name="${name}"]`);

async function say(p: Person, text: string): Promise<void> {
  const box = p.page.locator('#room-text');
  await box.fill(text);
  await box.press('Enter');
}

test.describe('rooms', () => {
  test('a group conversation: created, three people talk, a member added and removed live, unread, mentions and mute', async ({
    person,
  }) => {
    test.setTimeout(120_000);
    const [ann, ben, cat, dan] = [
      await person('ann'),
      await person('ben'),
      await person('cat'),
      await person('dan'),
    ];
    for (const p of [ben, cat, dan]) await p.signupViaApi();
    await ann.signupViaApi();

    // Ann starts a group with Ben and Cat from the directory page.
    await ann.page.goto('/#/rooms');
    const form = ann.page.getByTestId('new-group');
    await form.getByLabel('Name (optional)').fill('Trip planning');
    await form.getByLabel(ben.nickname).check();
    await form.getByLabel(cat.nickname).check();
    await form.getByRole('button', { name: 'Start conversation' }).click();
    await expect(ann.page.getByRole('heading', { level: 1, name: 'Trip planning' })).toBeVisible();
    await expect(ann.page.getByTestId('member')).toHaveCount(3);

    // It appears live in the others' sidebars, beside the people list.
    for (const p of [ben, cat]) {
      await expect(roomItem(p.page, 'Trip planning')).toBeVisible();
      await expect(p.page.getByTestId('roster')).toBeVisible();
    }
    await expect(roomItem(dan.page, 'Trip planning')).toHaveCount(0);

    await say(ann, 'Hello group');
    await say(ann, 'Where shall we go?');
    // Unread, counted by the server, in Ben's sidebar; the window title counts a group's messages.
    await expect(roomItem(ben.page, 'Trip planning').getByTestId('room-unread')).toHaveText('2');
    await expect(ben.page).toHaveTitle(/^\(2\) /);

    // Ben opens it: the history, and the count goes.
    await roomItem(ben.page, 'Trip planning').click();
    await expect(ben.page.getByTestId('room-message')).toHaveCount(2);
    await expect(roomItem(ben.page, 'Trip planning').getByTestId('room-unread')).toHaveCount(0);

    // Cat opens it and types: Ben sees her name.
    await roomItem(cat.page, 'Trip planning').click();
    await cat.page.locator('#room-text').fill('The mount');
    await expect(ben.page.getByTestId('room-typing')).toHaveText(`${cat.nickname} is typing`);
    await cat.page.locator('#room-text').press('Enter');
    await expect(ben.page.getByTestId('room-message').last()).toContainText('The mount');
    await expect(ben.page.getByTestId('room-typing')).toHaveText('');

    // Ann adds Dan: his sidebar gets it, everyone's member list grows.
    await ann.page.getByLabel('Add someone').selectOption({ label: dan.nickname });
    await ann.page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(roomItem(dan.page, 'Trip planning')).toBeVisible();
    await expect(ben.page.getByTestId('member')).toHaveCount(4);

    // Ann removes Cat: she is out at once, on the screen she has open.
    await ann.page.getByRole('button', { name: `Remove ${cat.nickname}` }).click();
    await expect(cat.page.getByText('You are no longer in this conversation')).toBeVisible();
    await expect(roomItem(cat.page, 'Trip planning')).toHaveCount(0);
    await expect(ben.page.getByTestId('member')).toHaveCount(3);
    await say(ann, 'Cat will not see this');
    await expect(ben.page.getByTestId('room-message').last()).toContainText(
      'Cat will not see this',
    );
    const catHistory = await cat.context.request.get(
      `/api/conversations/${/room\/(\d+)/.exec(ann.page.url())![1]}/messages`,
    );
    expect(catHistory.status()).toBe(403);

    // Dan mutes it: new messages still count in the sidebar (quietly), not in his title.
    await roomItem(dan.page, 'Trip planning').click();
    await dan.page.getByTestId('room-settings').click();
    await dan.page.getByTestId('mute').check();
    await dan.page.goto('/#/');
    // On a phone, Ben (elsewhere now) and Dan look at the header's conversations badge.
    await ben.page.goto('/#/');
    for (const p of [ben, dan]) await p.page.setViewportSize({ width: 390, height: 844 });
    await say(ann, 'One more');
    await expect(roomItem(dan.page, 'Trip planning').getByTestId('room-unread')).toHaveText('1');
    await expect(dan.page).not.toHaveTitle(/^\(\d+\) /);
    // The badge counts a group's messages as the sidebar does, nothing of a muted one.
    await expect(ben.page.getByTestId('drawer-count')).toHaveText('1');
    await expect(ben.page.getByRole('button', { name: 'Conversations, 1 unread' })).toBeVisible();
    await expect(ben.page).toHaveTitle(/^\(1\) /);
    await expect(dan.page.getByTestId('drawer-count')).toHaveCount(0);

    // A mention of Ben: the sidebar's @ count beside the unread count.
    await say(ann, `@${ben.nickname} are you coming?`);
    const bens = roomItem(ben.page, 'Trip planning');
    await expect(bens.getByTestId('mention-badge')).toHaveText('@1');
    await expect(bens.getByTestId('room-unread')).toHaveText('2');
    await expect(roomItem(dan.page, 'Trip planning').getByTestId('mention-badge')).toHaveCount(0);
  });
});
