import type { Attachment } from 'svelte/attachments';

/**
 * A textarea that grows with its text up to `maxPx`, then scrolls. `value` is read so the
 * attachment runs again whenever the text changes, typed or set by code (cleared after a send).
 */
export function autogrow(value: () => string, maxPx: number): Attachment<HTMLTextAreaElement> {
  return (el) => {
    void value();
    el.style.height = 'auto';
    // scrollHeight leaves out the border; without it the box would scroll by 2 px.
    const border = el.offsetHeight - el.clientHeight;
    el.style.height = `${Math.min(el.scrollHeight + border, maxPx)}px`;
  };
}
