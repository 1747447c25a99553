/**
 * Alerts outside the page: the desktop bridge (`window.desktop`, faked here with the shape of
 * common/desktop.ts, since Electron cannot run in CI) and Web Notifications after an explicit
 * opt-in. "Hidden" is simulated by overriding document.visibilityState/hasFocus, which is all
 * the UI reads; the events themselves come from a real server over the real socket.
 */
import type { Page } from '@playwright/test';
import { expect, test, type Person } from './support/fixtures';

/** Runs before the app: a controllable visibility, and recorders for the alert channels. */
const INIT = `
  window.__hidden = false;
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (window.__hidden ? 'hidden' : 'visible'),
  });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__hidden });
  document.hasFocus = () => !window.__hidden;
`;

const FAKE_BRIDGE = `
  window.__calls = [];
  window.__navigate = [];
  window.desktop = {
    notify: (n) => window.__calls.push(['notify', n]),
    setUnreadCount: (n) => window.__calls.push(['setUnreadCount', n]),
    onNavigate: (cb) => {
      window.__navigate.push(cb);
      return () => (window.__navigate = window.__navigate.filter((f) => f !== cb));
    },
    getInfo: async () => ({ version: 'test', hosting: null }),
    switchForum: () => window.__calls.push(['switchForum']),
  };
`;

const RECORD_WEB_NOTIFICATIONS = `
  window.__web = [];
  const Real = window.Notification;
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      window.__web.push({ title, body: options && options.body, tag: options && options.tag });
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Recorded.requestPermission = (...a) => Real.requestPermission(...a);
  window.Notification = Recorded;
`;

type Call = [string, unknown];

const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate(
    `window.__hidden = ${hidden}; document.dispatchEvent(new Event('visibilitychange'));`,
  );
const calls = (page: Page) => page.evaluate('window.__calls') as Promise<Call[]>;
const notifies = async (page: Page) =>
  (await calls(page)).filter(([k]) => k === 'notify').map(([, n]) => n);
const lastUnreadCount = async (page: Page) =>
  (await calls(page)).filter(([k]) => k === 'setUnreadCount').at(-1)?.[1];

async function sendDm(from: Person, to: Person, body: string): Promise<void> {
  await from.page.goto(`/#/chat/${to.nickname}`);
  const box = from.page.getByRole('textbox', { name: `Message ${to.nickname}` });
  await box.fill(body);
  await box.press('Enter');
  await expect(
    from.page.locator('[data-testid="message"][data-status="sent"]', { hasText: body }),
  ).toBeVisible();
}

test.describe('alerts outside the page', () => {
  test('desktop app: notify and setUnreadCount through window.desktop when hidden; a click navigates', async ({
    person,
  }) => {
    const a = await person('dina');
    const b = await person('emil');
    await a.context.addInitScript(INIT + FAKE_BRIDGE);
    await a.signupViaApi();
    await b.signupViaApi();
    // The app offers no Web Notifications (the OS ones go through the bridge), but "Switch forum…".
    await a.page.getByRole('button', { name: /account menu/ }).click();
    await expect(a.page.getByRole('menuitem', { name: /desktop alerts/ })).toHaveCount(0);
    await expect(a.page.getByRole('menuitem', { name: 'Switch forum…' })).toBeVisible();
    await a.page.keyboard.press('Escape');
    await expect.poll(() => lastUnreadCount(a.page)).toBe(0);

    // Visible and focused: a DM from elsewhere is a toast, never an OS notification.
    await sendDm(b, a, 'seen in the app');
    await expect(a.page.getByRole('status').filter({ hasText: 'seen in the app' })).toBeVisible();
    await expect.poll(() => lastUnreadCount(a.page)).toBe(1);
    expect(await notifies(a.page)).toEqual([]);

    // Hidden: the bridge gets the notification (route and tag per conversation) and the count.
    await setHidden(a.page, true);
    await sendDm(b, a, 'while you were away');
    await expect
      .poll(() => notifies(a.page))
      .toEqual([
        {
          title: b.nickname,
          body: 'while you were away',
          route: `#/chat/${b.nickname}`,
          tag: `chat-${b.id}`,
        },
      ]);
    await expect.poll(() => lastUnreadCount(a.page)).toBe(2);

    // A comment on A's post: a forum notification, routed to the post; the count includes it.
    const post = await a.createPostViaApi(`Lost keys ${Date.now()}`, 'Blue keyring', ['General']);
    await b.commentViaApi(post.id, 'Found them by the mailboxes');
    await expect.poll(async () => (await notifies(a.page)).length).toBe(2);
    expect((await notifies(a.page))[1]).toMatchObject({
      title: 'New comment',
      route: `#/post/${post.id}`,
      tag: `post-${post.id}`,
    });
    expect(JSON.stringify((await notifies(a.page))[1])).toContain(b.nickname);
    await expect.poll(() => lastUnreadCount(a.page)).toBe(3);
    await expect(a.page).toHaveTitle(/^\(3\) /);

    // The OS notification was clicked: the main process calls back with its route.
    await a.page.evaluate(
      `window.__hidden = false; window.__navigate.forEach((f) => f('#/chat/${b.nickname}'))`,
    );
    await expect(a.page).toHaveURL(new RegExp(`#/chat/${b.nickname}$`));
    await expect(a.page.getByTestId('message').last()).toContainText('while you were away');
    // Opening the conversation read it: the server's count (and so the badge) drops to 1.
    await expect.poll(() => lastUnreadCount(a.page)).toBe(1);
  });

  test('browser: Web Notifications only after the opt-in, and only when hidden', async ({
    person,
  }) => {
    const a = await person('fay');
    const b = await person('gus');
    await a.context.grantPermissions(['notifications']);
    await a.context.addInitScript(INIT + RECORD_WEB_NOTIFICATIONS);
    await a.signupViaApi();
    await b.signupViaApi();
    const web = () => a.page.evaluate('window.__web') as Promise<unknown[]>;

    // Not opted in: hidden or not, nothing.
    await setHidden(a.page, true);
    await sendDm(b, a, 'before the opt-in');
    await expect(a.page).toHaveTitle(/^\(1\) /);
    expect(await web()).toEqual([]);

    await setHidden(a.page, false);
    await a.page.getByRole('button', { name: /account menu/ }).click();
    await a.page.getByRole('menuitem', { name: 'Turn on desktop alerts' }).click();
    await a.page.getByRole('button', { name: /account menu/ }).click();
    await expect(a.page.getByRole('menuitem', { name: 'Turn off desktop alerts' })).toBeVisible();
    await a.page.keyboard.press('Escape');

    await setHidden(a.page, true);
    await sendDm(b, a, 'after the opt-in');
    await expect
      .poll(web)
      .toEqual([{ title: b.nickname, body: 'after the opt-in', tag: `chat-${b.id}` }]);
    await expect(a.page).toHaveTitle(/^\(2\) /);

    // The choice is remembered across reloads.
    await a.page.reload();
    await setHidden(a.page, false);
    await a.page.getByRole('button', { name: /account menu/ }).click();
    await expect(a.page.getByRole('menuitem', { name: 'Turn off desktop alerts' })).toBeVisible();
  });

  test('browser on plain http (not a secure context): no opt-in offered, and the panel says why', async ({
    person,
  }) => {
    const a = await person('hal');
    // A LAN address over http is not a secure context; 127.0.0.1 is, so it is simulated.
    await a.context.addInitScript(
      `Object.defineProperty(window, 'isSecureContext', { configurable: true, get: () => false });`,
    );
    await a.signupViaApi();
    await a.page.getByTestId('bell').click();
    await expect(a.page.getByTestId('web-notifications-http')).toContainText(
      'Browsers only show alerts for https pages',
    );
    await a.page.keyboard.press('Escape');
    await a.page.getByRole('button', { name: /account menu/ }).click();
    await expect(a.page.getByRole('menuitem', { name: /desktop alerts/ })).toHaveCount(0);
  });
});
