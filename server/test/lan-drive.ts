/**
 * Test fixture: acts as a person on another machine of the LAN, one command per stdin line,
 * printing `ok <command>` (or `fail <command> <why>`) after each. The namespace test runs it
 * beside the browser (`ip netns exec … node --import tsx server/test/lan-drive.ts <url>`).
 *   signup          the first sign-up (the host runs with HEARTH_SETUP=first-signup): owner
 *   connect         opens the live socket (the person is now online)
 *   rename <name>   renames the forum (settings)
 *   hide-online     turns the announcement's online count off
 */
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';

const base = process.argv[2] ?? '';
let cookie = '';
const sockets: WebSocket[] = [];

async function call(method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: base, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const set = res.headers.get('set-cookie');
  if (set) cookie = set.split(';')[0] ?? '';
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
}

async function run(line: string): Promise<void> {
  const [cmd, ...rest] = line.trim().split(' ');
  switch (cmd) {
    case 'signup':
      return call('POST', '/api/auth/signup', {
        nickname: 'neighbour',
        email: 'neighbour@example.com',
        password: 'correct horse battery',
        firstName: 'Near',
        lastName: 'By',
        age: 30,
        gender: 'other',
      });
    case 'connect':
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`, {
          headers: { cookie, origin: base },
        });
        ws.on('open', () => resolve());
        ws.on('error', reject);
        sockets.push(ws);
      });
    case 'rename':
      return call('PATCH', '/api/forum', { name: rest.join(' ') });
    case 'hide-online':
      return call('PUT', '/api/invites/discovery', { showOnline: false });
    default:
      throw new Error('unknown command');
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  run(line).then(
    () => process.stdout.write(`ok ${line}\n`),
    (err: unknown) => process.stdout.write(`fail ${line} ${String(err)}\n`),
  );
});
process.stdin.on('end', () => {
  for (const s of sockets) s.close();
  process.exit(0);
});
process.stdout.write('driving\n');
