/**
 * What a chat message edit sends (issue 12): the new text and, only when its files changed,
 * the message's whole list of files (`chat.edit`'s `attachments`). Leaving the list out keeps
 * the files as they are, so a text-only edit can never drop one (docs/protocol.md).
 */

export type MessageEditPlan =
  /** Nothing changed: close the form, send nothing (the server would answer nothing). */
  | { kind: 'unchanged' }
  /** No text and no file left: the server's own refusal, said before sending. */
  | { kind: 'empty'; message: string }
  | { kind: 'send'; body: string; attachments?: number[] };

/** The server's message for a message with neither text nor files (chat.service checkText). */
export const EMPTY_MESSAGE = 'The message is empty.';

export function planMessageEdit(
  before: { body: string; attachments?: readonly { id: number }[] | undefined },
  after: { body: string; attachments: readonly number[] },
): MessageEditPlan {
  const body = after.body.trim();
  const had = (before.attachments ?? []).map((a) => a.id);
  const sameFiles =
    had.length === after.attachments.length && had.every((id, i) => id === after.attachments[i]);
  if (body.length === 0 && after.attachments.length === 0)
    return { kind: 'empty', message: EMPTY_MESSAGE };
  if (sameFiles && body === before.body) return { kind: 'unchanged' };
  return sameFiles
    ? { kind: 'send', body }
    : { kind: 'send', body, attachments: [...after.attachments] };
}
