/**
 * The UI's weight and speed:
 *  1. gzip size of the JS and CSS the index page loads (its script, modulepreloads and their
 *     static imports, stylesheets) against the 100 KB target; the launcher page separately;
 *  2. time to first render in Chromium against the real host (its own process) seeded over
 *     REST and the socket: the feed, and a chat with 5,000 messages. Baselines from the same
 *     run: the login screen (bundle load and first paint), and a chat with 10 messages.
 * Usage: npm run bench -- ui [--runs 7] [--messages 5000] [--posts 200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import WebSocket from 'ws';
import type { Category } from '../common/api';
import { firstLoadAssets, UI_BUDGET_GZ_KB, type UiAsset } from '../build/ui-budget.mjs';
import { ensureRendererBuilt, RENDERER_OUT } from '../e2e/support/forum-server';
import { startHostProcess } from './support/host-process';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    messages: { type: 'string', default: '5000' },
    posts: { type: 'string', default: '200' },
  },
});
const RUNS = Number(values.runs);
const MESSAGES = Number(values.messages);
const POSTS = Number(values.posts);
const TARGET_GZ_KB = UI_BUDGET_GZ_KB;

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// ---------------------------------------------------------------- bundle size

type Asset = UiAsset;

/** The JS and CSS a page loads up front (the same count the build's budget check makes). */
const pageAssets = (html: string): Asset[] => firstLoadAssets(RENDERER_OUT, html);

function reportSizes(title: string, assets: Asset[], target?: number): void {
  console.log(`\n${title}`);
  for (const a of assets)
    console.log(`  ${a.file.padEnd(44)} ${kb(a.raw).padStart(9)} raw  ${kb(a.gz).padStart(9)} gz`);
  const sum = (k?: Asset['kind']) =>
    assets.filter((a) => !k || a.kind === k).reduce((n, a) => n + a.gz, 0);
  console.log(`  JS  ${kb(sum('js')).padStart(9)} gz`);
  console.log(`  CSS ${kb(sum('css')).padStart(9)} gz`);
  const total = sum();
  const verdict = target
    ? `  (target ≤ ${target} KB: ${total / 1024 <= target ? 'met' : 'MISSED'}, ${((100 * total) / 1024 / target).toFixed(0)}% of it)`
    : '';
  console.log(`  all ${kb(total).padStart(9)} gz${verdict}`);
}

// ---------------------------------------------------------------- seeding

async function signup(url: string, nickname: string): Promise<{ id: number; cookie: string }> {
  const res = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      nickname,
      email: `${nickname}@example.com`,
      password: 'bench password',
      firstName: 'Bench',
      lastName: nickname,
      age: 30,
      gender: 'other',
    }),
  });
  if (res.status !== 201) throw new Error(`signup ${nickname}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { id: ((await res.json()) as { id: number }).id, cookie };
}

async function seedPosts(url: string, cookie: string, n: number): Promise<void> {
  const cats = (await (
    await fetch(`${url}/api/categories`, { headers: { cookie } })
  ).json()) as Category[];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/api/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        title: `Bench post ${i}: what the neighbours think about the new bakery`,
        body: `Post ${i}. `.padEnd(
          400,
          'Lorem ipsum dolor sit amet, consectetur adipiscing elit. ',
        ),
        categoryIds: [cats[i % cats.length]!.id, cats[(i + 3) % cats.length]!.id],
      }),
    });
    if (res.status !== 201) throw new Error(`post: ${res.status} ${await res.text()}`);
  }
}

/** Sends `n` DMs from → to over the real socket and waits until each is echoed as stored. */
async function seedChat(
  url: string,
  from: { id: number; cookie: string },
  to: number,
  n: number,
): Promise<void> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, {
    headers: { cookie: from.cookie, origin: url },
  });
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
    ws.once('unexpected-response', (_req, res) =>
      fail(new Error(`/ws answered ${res.statusCode}`)),
    );
  });
  let echoed = 0;
  const done = new Promise<void>((ok, fail) => {
    ws.on('message', (data) => {
      const ev = JSON.parse(String(data)) as {
        type: string;
        payload: { from?: number; code?: string };
      };
      if (ev.type === 'chat.message' && ev.payload.from === from.id && ++echoed === n) ok();
      if (ev.type === 'error') fail(new Error(`socket error ${ev.payload.code}`));
    });
  });
  for (let i = 0; i < n; i++) {
    ws.send(
      JSON.stringify({
        type: 'chat.send',
        payload: {
          to,
          body: `Message ${i + 1} of ${n}: see you at the market on Saturday?`,
          clientId: `bench-${from.id}-${to}-${i}`,
        },
      }),
    );
    if (i % 500 === 499) await new Promise((r) => setTimeout(r, 0));
  }
  await done;
  ws.close();
}

// ---------------------------------------------------------------- first render

/**
 * Milliseconds from navigation start until `count` elements match `selector` (a
 * MutationObserver installed before any page script records performance.now()).
 */
async function firstRender(
  browser: Browser,
  url: string,
  route: string,
  selector: string,
  count: number,
  cookie: string | null,
): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (cookie) {
    const [name, ...rest] = cookie.split('=');
    await context.addCookies([{ name: name!, value: rest.join('='), url }]);
  }
  const page = await context.newPage();
  // Strings, not functions: bench/ is type-checked without the DOM library.
  await page.addInitScript({
    content: `(() => {
      const selector = ${JSON.stringify(selector)};
      const check = () => {
        if (window.__rendered === undefined && document.querySelectorAll(selector).length >= ${count}) {
          window.__rendered = performance.now();
          observer.disconnect();
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { childList: true, subtree: true });
    })();`,
  });
  await page.goto(`${url}/${route}`);
  // A function, not a string: the page's CSP forbids eval, which string predicates need.
  const rendered = () => (globalThis as { __rendered?: number }).__rendered;
  await page.waitForFunction(rendered, null, { timeout: 30_000 });
  const ms = Number(await page.evaluate(rendered));
  await context.close();
  return ms;
}

async function measure(label: string, run: () => Promise<number>): Promise<number> {
  await run(); // warm the server's caches and the browser process
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(await run());
  const m = median(xs);
  console.log(
    `  ${label.padEnd(34)} median ${m.toFixed(0).padStart(5)} ms   (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${RUNS})`,
  );
  return m;
}

// ---------------------------------------------------------------- main

ensureRendererBuilt();
console.log('Bundle (gzip -9), as loaded by each page');
reportSizes('index.html (the forum UI)', pageAssets('index.html'), TARGET_GZ_KB);
reportSizes('launcher.html (desktop launcher, bundled with the app)', pageAssets('launcher.html'));

const dataDir = mkdtempSync(join(tmpdir(), 'hearth-bench-ui-'));
const host = await startHostProcess([
  '--port',
  '0',
  '--host',
  '127.0.0.1',
  '--data-dir',
  dataDir,
  '--no-rate-limit',
]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
  ],
});
try {
  const url = host.url;
  const reader = await signup(url, 'reader');
  const busy = await signup(url, 'busy');
  const quiet = await signup(url, 'quiet');
  let t = performance.now();
  await seedPosts(url, busy.cookie, POSTS);
  console.log(`\nSeeded ${POSTS} posts over REST in ${(performance.now() - t).toFixed(0)} ms`);

  let chatReady = true;
  try {
    t = performance.now();
    await seedChat(url, busy, reader.id, Math.ceil(MESSAGES / 2));
    await seedChat(url, reader, busy.id, Math.floor(MESSAGES / 2));
    await seedChat(url, quiet, reader.id, 10);
    console.log(
      `Seeded ${MESSAGES} + 10 chat messages over /ws in ${(performance.now() - t).toFixed(0)} ms`,
    );
  } catch (e) {
    chatReady = false;
    console.log(
      `Chat not seeded (${e instanceof Error ? e.message : String(e)}): the live layer is needed.`,
    );
  }

  console.log(
    `\nTime to first render in Chromium (fresh context per run, ${RUNS} runs + 1 warm-up)`,
  );
  const login = await measure('login screen (baseline)', () =>
    firstRender(browser, url, '', 'form button[type="submit"]', 1, null),
  );
  const feed = await measure('feed, first 20 post cards', () =>
    firstRender(browser, url, '#/', '[data-testid="post-card"]', 20, reader.cookie),
  );
  console.log(`  feed / login = ${(feed / login).toFixed(2)}×`);
  if (chatReady) {
    const small = await measure('chat with 10 messages (baseline)', () =>
      firstRender(browser, url, '#/chat/quiet', '[data-testid="message"]', 10, reader.cookie),
    );
    const big = await measure(`chat with ${MESSAGES.toLocaleString('en-US')} messages`, () =>
      firstRender(browser, url, '#/chat/busy', '[data-testid="message"]', 10, reader.cookie),
    );
    console.log(
      `  chat ${MESSAGES} / chat 10 = ${(big / small).toFixed(2)}×  (it opens with the last 10 either way)`,
    );
  }
} finally {
  await browser.close();
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
