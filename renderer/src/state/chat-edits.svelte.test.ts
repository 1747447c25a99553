/**
 * Editing a chat message's files (issue 12) through the UI's own state, on the real server and
 * sockets: the other person's open conversation shows the new files live, a text-only edit
 * keeps them, and the edit form closes on its echo in a group as in a private chat.
 */
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@common/api';
import type { Upload } from '@common/files';
import { ChatEdits } from './chat-edits.svelte';
import { ChatState } from './chat.svelte';
import { type ForumClient, until, useRealForum } from './real-forum.test-support';

const forum = useRealForum('chat-edits');
const realFetch = globalThis.fetch;

async function upload(client: ForumClient, name: string, text: string): Promise<Upload> {
  const res = await realFetch(`${forum.server.url}/api/uploads?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { cookie: client.cookie, 'content-type': 'application/octet-stream' },
    body: text,
  });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return (await res.json()) as Upload;
}

/** A signed-in window's chat and its edits, as Shell.svelte makes them. */
function chatWindow(client: ForumClient, myId: number) {
  const socket = forum.socketFor(client);
  const chat = new ChatState(socket, myId);
  const errors: string[] = [];
  const edits = new ChatEdits(socket, chat, myId, (m) => errors.push(m));
  forum.cleanup.push(() => {
    edits.destroy();
    chat.destroy();
  });
  return { socket, chat, edits, errors };
}

const names = (m: { attachments?: { name: string }[] } | undefined) =>
  (m?.attachments ?? []).map((a) => a.name);

describe('ChatEdits: a message’s files', () => {
  it('an edit that drops one file and adds another shows live on the other side; a text-only edit keeps them', async () => {
    const ana = await forum.signup();
    const ben = await forum.signup();
    forum.sameOriginFetch(ben.client);
    const a = chatWindow(ana.client, ana.user.id);
    const b = chatWindow(ben.client, ben.user.id);
    await a.socket.ready;
    const theirs = await b.chat.open(ana.user.id);

    const plan = await upload(ana.client, 'plan.txt', 'Plan A\n');
    a.chat.send(ben.user.id, 'See you at 7', [plan]);
    await until(() => theirs.messages.some((m) => m.body === 'See you at 7'), 'the message');
    const id = theirs.messages.find((m) => m.body === 'See you at 7')!.id!;
    expect(names(theirs.messages.find((m) => m.id === id))).toEqual(['plan.txt']);

    const map = await upload(ana.client, 'map.txt', 'North is up\n');
    a.edits.editing = id;
    expect(a.edits.edit(id, 'See you at 8', [map.id])).toBe(true);
    await until(() => theirs.messages.some((m) => m.body === 'See you at 8'), 'the edit');
    const edited = theirs.messages.find((m) => m.id === id);
    expect(names(edited)).toEqual(['map.txt']);
    expect(edited?.editedAt).toBeTruthy();
    // My own echo closed my edit form.
    await until(() => a.edits.editing === null, 'the form closed on the echo');

    a.edits.edit(id, 'See you at 9');
    await until(() => theirs.messages.some((m) => m.body === 'See you at 9'), 'the text edit');
    expect(names(theirs.messages.find((m) => m.id === id))).toEqual(['map.txt']);
    expect(a.errors).toEqual([]);
  });

  it('the edit form of a group message closes on its echo too', async () => {
    const me = await forum.signup();
    const others = [await forum.signup(), await forum.signup()];
    const group = await me.client.call<{ id: number }>('POST', '/api/conversations', {
      kind: 'group',
      members: others.map((o) => o.user.id),
    });
    const w = chatWindow(me.client, me.user.id);
    await w.socket.ready;
    const sent = new Promise<ChatMessage>((ok) => {
      const off = w.socket.on('chat.message', (e) => {
        off();
        ok(e.payload);
      });
    });
    w.socket.send({
      type: 'chat.send',
      payload: { conversationId: group.id, body: 'Agenda soon', clientId: 'room-1' },
    });
    const message = await sent;
    expect(message.conversationId).toBe(group.id);
    w.edits.editing = message.id;
    expect(w.edits.edit(message.id, 'Agenda attached')).toBe(true);
    await until(() => w.edits.editing === null, 'the form closed on the echo');
    expect(w.errors).toEqual([]);
  });
});
