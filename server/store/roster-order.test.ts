/**
 * The server's roster order against the one rule in common/roster-order.ts, which the UI sorts
 * with: a real server and SQLite file, people signed up and messages sent through the API and
 * the socket, then `GET /api/chat/roster` must equal sorting the same entries with the common
 * comparator. The nicknames are the tricky ones: case, digits by value ("user2" before
 * "user10", "user02" beside "user2"), punctuation, no messages at all; accents too, which
 * signup refuses (ASCII nicknames only), so those rows are written the way an admin would, with
 * sqlite3 on the database file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RosterEntry } from '../../common/api';
import { sortRoster } from '../../common/roster-order';
import { openDb } from '../../db/open-db';
import { startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, type LiveClient } from '../test/ws-client';

const servers: TestServer[] = [];
afterEach(async () => {
  closeAllClients();
  for (const s of servers.splice(0)) await s.close();
});

async function server(): Promise<TestServer> {
  const s = await startTestServer();
  servers.push(s);
  return s;
}

const roster = async (c: TestClient): Promise<RosterEntry[]> => {
  const res = await c.get<RosterEntry[]>('/api/chat/roster');
  expect(res.status).toBe(200);
  return res.json;
};
const names = (list: readonly RosterEntry[]) => list.map((e) => e.nickname);

let seq = 0;
/** Sends over the socket and waits until the sender has its echo (the message is stored). */
async function sendAndWait(from: LiveClient, to: number, body: string): Promise<void> {
  const clientId = `ro${++seq}`;
  from.send({ type: 'chat.send', payload: { to, body, clientId } });
  await from.next('chat.message', (e) => e.payload.clientId === clientId);
}

/** Users as an admin adds them with sqlite3: nicknames signup would refuse (non-ASCII). */
function insertUsers(s: TestServer, nicknames: string[]): void {
  const db = openDb(s.server.dbPath);
  try {
    const insert = db.prepare(
      `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
       VALUES (?, ?, 'x', 'Added', 'By admin', 30, 'other', '2025-01-01T00:00:00.000Z')`,
    );
    nicknames.forEach((n, i) => insert.run(n, `admin-added-${i}@example.com`));
  } finally {
    db.close();
  }
}

describe('the server’s roster order is common/roster-order.ts', () => {
  it('with tricky nicknames, people never messaged, sent and received messages', async () => {
    const s = await server();
    const me = await s.signup({ nickname: 'me_here' });
    const others = new Map<string, Awaited<ReturnType<TestServer['signup']>>>();
    for (const nickname of [
      'zed',
      'ZOE',
      'Bob',
      'bob_',
      'BOBBY',
      'alice',
      'Alice2',
      'user2',
      'user10',
      'user02',
      'user1',
      'a.b',
      'a_b',
      'a-b',
      '007',
      'carl',
    ]) {
      others.set(nickname, await s.signup({ nickname }));
    }
    insertUsers(s, ['Élodie', 'eli', 'zoë', 'Ångström']);
    const who = (nickname: string) => others.get(nickname)!;

    // Nobody messaged yet: names only, as people read them (case and accents ignored, digits
    // by value, punctuation before letters), written out so the server is checked against
    // the rule itself and not only against the comparator it shares.
    let list = await roster(me.client);
    expect(list).toHaveLength(others.size + 4);
    expect(names(list)).toEqual([
      '007',
      'a_b',
      'a-b',
      'a.b',
      'alice',
      'Alice2',
      'Ångström',
      'Bob',
      'bob_',
      'BOBBY',
      'carl',
      'eli',
      'Élodie',
      'user1',
      'user02',
      'user2',
      'user10',
      'zed',
      'ZOE',
      'zoë',
    ]);
    expect(names(list)).toEqual(names(sortRoster(list)));

    // Each message a second after the last, sent and received, one partner twice.
    const mine = await connect(s, me.client);
    const step = async (send: () => Promise<void>) => {
      s.clock.advance(1000);
      await send();
    };
    await step(() => sendAndWait(mine, who('zed').user.id, 'to zed'));
    const user10 = await connect(s, who('user10').client);
    await step(() => sendAndWait(user10, me.user.id, 'from user10'));
    await step(() => sendAndWait(mine, who('a_b').user.id, 'to a_b'));
    const bob = await connect(s, who('Bob').client);
    await step(() => sendAndWait(bob, me.user.id, 'from Bob'));
    await step(() => sendAndWait(mine, who('zed').user.id, 'zed again'));
    const eli = list.find((e) => e.nickname === 'eli')!;
    await step(() => sendAndWait(mine, eli.id, 'to an admin-added user'));
    // Between two other people: not a conversation of mine, so it does not move them for me.
    await step(() => sendAndWait(user10, who('user2').user.id, 'not to me'));

    list = await roster(me.client);
    expect(names(list)).toEqual([
      ...['eli', 'zed', 'Bob', 'a_b', 'user10'],
      ...['007', 'a-b', 'a.b', 'alice', 'Alice2', 'Ångström', 'bob_', 'BOBBY', 'carl'],
      ...['Élodie', 'user1', 'user02', 'user2', 'ZOE', 'zoë'],
    ]);
    expect(names(list)).toEqual(names(sortRoster(list)));
    // And from another person's side, where the conversations differ.
    const theirs = await roster(who('user10').client);
    expect(names(theirs).slice(0, 2)).toEqual(['user2', 'me_here']);
    expect(names(theirs)).toEqual(names(sortRoster(theirs)));
  });

  // Two conversations whose last messages carry the same instant (one group commit stamps its
  // whole batch with one time; a frozen test clock does it always): the later message, by id,
  // comes first on both sides (the UI re-sorts with the same rule and the ids it receives).
  it('with conversations at the same instant (the same millisecond)', async () => {
    const s = await server();
    const me = await s.signup({ nickname: 'me_tied' });
    const amy = await s.signup({ nickname: 'amy' });
    const zed = await s.signup({ nickname: 'zed' });
    const mine = await connect(s, me.client);
    // The clock stands still: both messages are stamped with the same time, amy's written last.
    await sendAndWait(mine, zed.user.id, 'first');
    await sendAndWait(mine, amy.user.id, 'second');
    const list = await roster(me.client);
    expect(list[0]!.lastMessageAt).toBe(list[1]!.lastMessageAt);
    expect(names(list).slice(0, 2)).toEqual(['amy', 'zed']);
    expect(names(list)).toEqual(names(sortRoster(list)));
    await sendAndWait(mine, zed.user.id, 'third, same instant again');
    const again = await roster(me.client);
    expect(names(again).slice(0, 2)).toEqual(['zed', 'amy']);
    expect(names(again)).toEqual(names(sortRoster(again)));
  });
});
