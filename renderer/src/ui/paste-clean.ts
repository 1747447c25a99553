import type { Attachment } from 'svelte/attachments';

/**
 * C0 control characters and DEL, except tab and line breaks: the server refuses text with them
 * (common/api.ts, CONTROL_CHAR), and they are invisible or drawn as ▯, so nobody could find
 * them to delete. They arrive by pasting (from terminals, PDFs, old documents).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export const withoutControlChars = (text: string): string => text.replace(CONTROL_CHARS, '');

/** Drops control characters from pasted text, so a paste never brings in what the server refuses. */
export const pasteClean: Attachment<HTMLTextAreaElement> = (el) => {
  const onPaste = (e: ClipboardEvent) => {
    const text = e.clipboardData?.getData('text/plain');
    if (!text) return;
    const clean = withoutControlChars(text);
    if (clean === text) return;
    e.preventDefault();
    // insertText keeps the undo history and fires `input` (bind:value sees it); setRangeText
    // is the fallback where the command is gone.
    if (!document.execCommand('insertText', false, clean)) {
      el.setRangeText(clean, el.selectionStart ?? 0, el.selectionEnd ?? 0, 'end');
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
  };
  el.addEventListener('paste', onPaste);
  return () => el.removeEventListener('paste', onPaste);
};
