/**
 * The adaptive group commit's gather turn (group-commit.ts, `groupCommitGatherTurns`),
 * against a real server in this process, seen through its batch trace (commit-trace.ts):
 * under load, a send that reaches the server one event-loop turn after another joins its
 * batch (one commit, one fsync); after a quiet spell a send commits alone at once; with
 * 0 turns (the default) the two commit apart.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect, until, type LiveClient } from '../test/ws-client';
import { COMMIT_CHANNEL, type CommitTrace } from './commit-trace';

const batches: string[][] = [];
const onBatch = (m: unknown): void => {
  const t = m as CommitTrace;
  batches.push(t.writes.flatMap((w) => ('send' in w ? [w.send.clientId] : [])));
};
beforeAll(() => subscribe(COMMIT_CHANNEL, onBatch));
afterAll(() => unsubscribe(COMMIT_CHANNEL, onBatch));
afterEach(closeAllClients);

let n = 0;
const send = (live: LiveClient, to: number): string => {
  const clientId = `g${++n}`;
  live.send({ type: 'chat.send', payload: { to, body: 'hi', clientId } });
  return clientId;
};
const batchOf = (clientId: string): string[] | undefined =>
  batches.find((b) => b.includes(clientId));

/** Two sends: the second leaves the client one event-loop turn after the first. */
async function twoTurnsApart(srv: TestServer): Promise<[string[], string[]]> {
  const a = await srv.signup();
  const b = await srv.signup();
  const a1 = await connect(srv, a.client);
  const a2 = await connect(srv, a.client);
  const b1 = await connect(srv, b.client);
  // A first message: a commit has just ended, so the server is "under load".
  send(a1, b.user.id);
  await b1.next('chat.message');
  const first = send(a1, b.user.id);
  let second = '';
  setImmediate(() => (second = send(a2, b.user.id)));
  await until(() => b1.of('chat.message').length === 3, 'both messages delivered');
  return [batchOf(first)!, batchOf(second)!];
}

describe('group commit under load, with a gather turn (groupCommitGatherTurns: 1)', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ live: { groupCommitGatherTurns: 1 } });
  });
  afterAll(() => srv.close());

  it('a send arriving one turn after another joins its batch', async () => {
    const [first, second] = await twoTurnsApart(srv);
    expect(first).toBe(second);
    expect(first).toHaveLength(2);
  });

  it('after a quiet spell a send commits at once, alone', async () => {
    const a = await srv.signup();
    const b = await srv.signup();
    const a1 = await connect(srv, a.client);
    const a2 = await connect(srv, a.client);
    const b1 = await connect(srv, b.client);
    await new Promise((r) => setTimeout(r, 60)); // longer than groupCommitMs: idle
    const first = send(a1, b.user.id);
    let second = '';
    setImmediate(() => (second = send(a2, b.user.id)));
    await until(() => b1.of('chat.message').length === 2, 'both messages delivered');
    expect(batchOf(first)).toEqual([first]);
    expect(batchOf(second)).toEqual([second]);
  });
});

describe('group commit without gather turns (groupCommitGatherTurns: 0)', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ live: { groupCommitGatherTurns: 0 } });
  });
  afterAll(() => srv.close());

  it('the send one turn later commits in the next batch', async () => {
    const [first, second] = await twoTurnsApart(srv);
    expect(first).not.toBe(second);
  });
});
