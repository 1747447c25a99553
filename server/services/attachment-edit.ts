import type { Attachment } from '../../common/files';
import type { ItemKind } from '../store/uploads.store';
import type { FilesService } from './files.service';

/**
 * An edit's files (posts and comments): the item's current attachments, the list wanted
 * after the edit (undefined: unchanged, or no file service), whether it stays the same, and
 * `replace`'s check made before anything is written (the text may be unchanged).
 */
export function planAttachmentEdit(
  files: Pick<FilesService, 'forItem' | 'checkReplacement'> | undefined,
  editorId: number,
  kind: ItemKind,
  itemId: number,
  attachments: readonly number[] | undefined,
): { current: Attachment[]; wanted: readonly number[] | undefined; same: boolean } {
  const current = files?.forItem(kind, itemId) ?? [];
  const wanted = files ? attachments : undefined;
  const ids = current.map((a) => a.id);
  const same = wanted === undefined || wanted.join(',') === ids.join(',');
  if (!same) files?.checkReplacement(editorId, ids, wanted);
  return { current, wanted, same };
}
