/**
 * Files arriving at a composer from the clipboard (a pasted screenshot: the main case) or
 * dropped on it. An attachment (`{@attach fileInput(onFiles)}`): text pastes pass through
 * untouched; a paste or drop that carries files hands them over and stops the default.
 */
import type { Attachment } from 'svelte/attachments';
import { pastedName } from '../lib/upload';

export type IncomingFile = { blob: Blob; name: string };

function filesOf(list: DataTransfer | null): IncomingFile[] {
  if (!list) return [];
  const out: IncomingFile[] = [];
  for (const item of Array.from(list.items ?? [])) {
    if (item.kind !== 'file') continue;
    const f = item.getAsFile();
    if (!f) continue;
    // Pasted screenshots come as "image.png" (or with no name): give them a useful one.
    const generic = !f.name || /^image\.(png|jpe?g|gif|webp)$/i.test(f.name);
    out.push({ blob: f, name: generic ? pastedName(f.type, new Date()) : f.name });
  }
  return out;
}

export function fileInput(
  onFiles: (files: IncomingFile[]) => void,
  onDragging?: (over: boolean) => void,
): Attachment<HTMLElement> {
  return (el) => {
    const paste = (e: ClipboardEvent) => {
      const files = filesOf(e.clipboardData);
      if (files.length === 0) return;
      e.preventDefault();
      onFiles(files);
    };
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      onDragging?.(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget instanceof Node && el.contains(e.relatedTarget)) return;
      onDragging?.(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      onDragging?.(false);
      const files = Array.from(e.dataTransfer?.files ?? []).map((f) => ({ blob: f, name: f.name }));
      if (files.length > 0) onFiles(files);
    };
    el.addEventListener('paste', paste);
    el.addEventListener('dragover', over);
    el.addEventListener('dragleave', leave);
    el.addEventListener('drop', drop);
    return () => {
      el.removeEventListener('paste', paste);
      el.removeEventListener('dragover', over);
      el.removeEventListener('dragleave', leave);
      el.removeEventListener('drop', drop);
    };
  };
}
