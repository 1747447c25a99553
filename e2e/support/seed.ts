/**
 * Realistic content for screenshots and the UI bench, created through the REST API like a
 * user would, and over the real socket for chat.
 */
import type { APIRequestContext } from '@playwright/test';
import WebSocket from 'ws';
import type { Category, Me, Post, ServerInfo } from '../../common/api';

export interface SeedUser {
  nickname: string;
  firstName: string;
  lastName: string;
}

export const PEOPLE: SeedUser[] = [
  { nickname: 'maya', firstName: 'Maya', lastName: 'Lindqvist' },
  { nickname: 'jonas', firstName: 'Jonas', lastName: 'Berg' },
  { nickname: 'priya', firstName: 'Priya', lastName: 'Raman' },
  { nickname: 'leo.k', firstName: 'Leo', lastName: 'Kowalski' },
  { nickname: 'sam_r', firstName: 'Sam', lastName: 'Reyes' },
];

export const PASSWORD = 'correct horse battery';

export async function signup(req: APIRequestContext, u: SeedUser): Promise<Me> {
  const res = await req.post('/api/auth/signup', {
    data: {
      ...u,
      email: `${u.nickname.replace(/[^a-z0-9]/gi, '')}@example.com`,
      password: PASSWORD,
      age: 31,
      gender: 'prefer-not-to-say',
    },
  });
  if (res.status() !== 201)
    throw new Error(`signup ${u.nickname}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as Me;
}

export async function categoryIds(req: APIRequestContext, names: string[]): Promise<number[]> {
  const cats = (await (await req.get('/api/categories')).json()) as Category[];
  return names.map((n) => {
    const c = cats.find((x) => x.name === n);
    if (!c) throw new Error(`no category ${n}`);
    return c.id;
  });
}

export async function post(
  req: APIRequestContext,
  title: string,
  body: string,
  categories: string[],
): Promise<Post> {
  const res = await req.post('/api/posts', {
    data: { title, body, categoryIds: await categoryIds(req, categories) },
  });
  if (res.status() !== 201) throw new Error(`post: ${res.status()} ${await res.text()}`);
  return (await res.json()) as Post;
}

export async function comment(req: APIRequestContext, postId: number, body: string): Promise<void> {
  const res = await req.post(`/api/posts/${postId}/comments`, { data: { body } });
  if (res.status() !== 201) throw new Error(`comment: ${res.status()} ${await res.text()}`);
}

export const POSTS: { by: number; title: string; body: string; categories: string[] }[] = [
  {
    by: 1,
    title: 'Board game night on Friday?',
    body: 'We have the big table in the common room from 7 pm. I will bring Wingspan and Codenames; bring whatever you like. Snacks welcome!',
    categories: ['General', 'Culture'],
  },
  {
    by: 2,
    title: 'The new Wi-Fi access point on floor 2 is much faster',
    body: 'Measured 410 Mbit/s down next to the kitchen, up from about 90. If you still see drops near the stairs, post here with the time and I will look at the logs.\n\nSpeed test I used: https://fast.com',
    categories: ['Technology'],
  },
  {
    by: 3,
    title: 'What are you listening to this week?',
    body: 'I have had the new Khruangbin record on repeat. Looking for recommendations for something to work to — instrumental preferred.',
    categories: ['Music'],
  },
  {
    by: 4,
    title: 'Anyone up for a 5-a-side football match on Sunday?',
    body: 'Pitch booked 10:00–11:00. We need two more players. All levels welcome, we mostly laugh.',
    categories: ['Sport', 'General'],
  },
  {
    by: 0,
    title: 'Why is the sky blue? A short explainer for the curious',
    body: 'Rayleigh scattering: shorter wavelengths scatter much more strongly off the molecules in the air (proportional to 1/λ⁴), so blue light reaches your eyes from every direction in the sky. Sunsets are red for the same reason — the light travels through more air and the blue is scattered away before it reaches you.',
    categories: ['Science'],
  },
];

export const COMMENTS: { post: number; by: number; body: string }[] = [
  { post: 0, by: 0, body: 'Count me in! I can bring Azul.' },
  { post: 0, by: 2, body: 'I will be a bit late (around 7:30), save me a seat.' },
  { post: 0, by: 3, body: 'Is there a plan for food? Happy to order pizza for everyone.' },
  { post: 4, by: 1, body: 'Great write-up. The 1/λ⁴ part is what surprised me the first time.' },
  { post: 2, by: 4, body: 'Try Nala Sinephro — Space 1.8. Perfect for focus.' },
];

/** Chat seeded over the socket, oldest first: [from, to, body] by index into PEOPLE. */
export const CHATS: [number, number, string][] = [
  [2, 0, 'Are you coming to board game night on Friday?'],
  [2, 0, 'I can pick you up on the way, I pass your building around 6:45.'],
  [4, 0, 'Pitch is booked for Sunday 10:00 ⚽ are you in?'],
  [1, 0, 'Hey! Did you get the Wi-Fi working on your floor?'],
  [0, 1, 'Yes, finally. Priya’s new access point is great.'],
  [0, 1, '410 Mbit/s next to the kitchen 😄'],
  [1, 0, 'Nice. Mine still drops near the stairs.'],
  [1, 0, 'Is it worth posting in her thread, or should I just ask her?'],
  [0, 1, 'Post it with the time, she asked for that. She reads the logs.'],
  [1, 0, 'Will do. Are you bringing a game on Friday?'],
  [0, 1, 'Azul. And Wingspan, unless you bring yours.'],
  [
    1,
    0,
    'I’ll bring Wingspan, you bring Azul.\nRules refresher: https://boardgamegeek.com/boardgame/230802/azul',
  ],
  [0, 1, 'Perfect, see you at 7!'],
];

/** An open socket as `req`'s user (its session cookie), like a browser tab of theirs. */
export async function openSocket(req: APIRequestContext, baseUrl: string): Promise<WebSocket> {
  // The forum's own cookie (hearth_<forum id>), named by GET /api/info.
  const { sessionCookie } = (await (await req.get(`${baseUrl}/api/info`)).json()) as ServerInfo;
  const session = (await req.storageState()).cookies.find((c) => c.name === sessionCookie);
  if (!session) throw new Error('no session cookie to open a socket with');
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, {
    headers: { cookie: `${session.name}=${session.value}`, origin: baseUrl },
  });
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
    ws.once('unexpected-response', (_q, res) => fail(new Error(`/ws answered ${res.statusCode}`)));
  });
  return ws;
}

let seededChat = 0;
/** Sends one DM and resolves with its stored id once the server echoes it. */
export function say(ws: WebSocket, to: number, body: string): Promise<number> {
  const clientId = `seed-${++seededChat}`;
  return new Promise((ok, fail) => {
    const onMessage = (data: WebSocket.RawData) => {
      const ev = JSON.parse(String(data)) as {
        type: string;
        payload: { id?: number; clientId?: string; code?: string; ref?: string };
      };
      if (ev.type === 'chat.message' && ev.payload.clientId === clientId) {
        ws.off('message', onMessage);
        ok(ev.payload.id!);
      } else if (ev.type === 'error' && ev.payload.ref === clientId) {
        ws.off('message', onMessage);
        fail(new Error(`chat.send failed: ${ev.payload.code}`));
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'chat.send', payload: { to, body, clientId } }));
  });
}
