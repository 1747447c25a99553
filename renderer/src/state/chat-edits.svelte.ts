/**
 * Editing and deleting my own private messages over the socket (`chat.edit`, `chat.delete`),
 * and applying everyone's edits live (`chat.updated`, `chat.deleted`) to the open
 * conversations and the roster's last-message preview. A refusal comes back as an `error`
 * whose `ref` is the clientId given here; it is shown as a toast.
 */
import type { ChatMessage } from '@common/api';
import { newClientId } from '../lib/client-id';
import type { SocketClient } from '../lib/socket';
import type { ChatState } from './chat.svelte';

export class ChatEdits {
  /** The message being edited in the open conversation, by id. */
  editing = $state<number | null>(null);
  /** The clientIds of my edits still unanswered (not shown: no reactivity needed). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  #mine = new Set<string>();
  #off: (() => void)[] = [];

  constructor(
    private readonly socket: SocketClient,
    private readonly chat: ChatState,
    private readonly myId: number,
    onError: (message: string) => void,
  ) {
    this.#off.push(
      // (rooms) Group and room messages are RoomsState's.
      socket.on('chat.updated', (e) => {
        const m = e.payload.message;
        if (m.conversationId === undefined) this.#updated(m);
        // The edit form closes on its echo, in a group or room as in a private chat.
        if (this.editing === m.id) this.editing = null;
      }),
      socket.on('chat.deleted', (e) => {
        if (e.payload.conversationId === undefined) this.#deleted(e.payload);
        if (this.editing === e.payload.id) this.editing = null;
      }),
      socket.on('error', (e) => {
        const { ref, message } = e.payload;
        if (ref && this.#mine.delete(ref)) onError(message);
      }),
    );
  }

  /**
   * False when the socket is not open (nothing was sent). `attachments`: (issue 12) the
   * message's whole list of files from now on; left out, its files stay as they are.
   */
  edit(id: number, body: string, attachments?: number[]): boolean {
    const clientId = `edit-${newClientId()}`;
    const sent = this.socket.send({
      type: 'chat.edit',
      payload: { id, body, clientId, ...(attachments ? { attachments } : {}) },
    });
    if (sent) this.#mine.add(clientId);
    return sent;
  }

  remove(id: number): boolean {
    const clientId = `delete-${newClientId()}`;
    const sent = this.socket.send({ type: 'chat.delete', payload: { id, clientId } });
    if (sent) this.#mine.add(clientId);
    return sent;
  }

  #peerOf(m: { from: number; to: number }): number {
    return m.from === this.myId ? m.to : m.from;
  }

  #updated(msg: ChatMessage): void {
    const peer = this.#peerOf(msg);
    this.chat.conversation(peer).applyUpdate(msg);
    const entry = this.chat.byId(peer);
    if (entry && entry.lastMessageId === msg.id) entry.lastMessagePreview = msg.body;
  }

  #deleted(d: { id: number; from: number; to: number }): void {
    const peer = this.#peerOf(d);
    this.chat.conversation(peer).applyDelete(d.id);
    const entry = this.chat.byId(peer);
    if (entry && entry.lastMessageId === d.id) entry.lastMessagePreview = '';
  }

  destroy(): void {
    for (const off of this.#off) off();
  }
}
