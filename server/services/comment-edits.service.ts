import type { Comment, RevisionList } from '../../common/api';
import type { Transaction, Writer } from '../events/outbox';
import type { CommentEditsStore, CommentForEdit } from '../store/comment-edits.store';
import type { ModerationLogStore } from '../store/moderation-log.store';
import type { RedactionStore } from '../store/redaction.store';
import type { RevisionsStore } from '../store/revisions.store';
import { DELETED_KEPT_MS, forbidden, isModerator, notFound, restoreExpired } from './item-rules';
import type { MentionsNotifier } from './mentions.service';
import { planAttachmentEdit } from './attachment-edit';
import type { FilesService } from './files.service';
import type { RolesService } from './roles.service';

export interface CommentEditsDeps {
  commentEdits: CommentEditsStore;
  revisions: RevisionsStore;
  redaction: RedactionStore;
  moderationLog: ModerationLogStore;
  roles: RolesService;
  mentions: MentionsNotifier;
  writer: Writer;
  clock: () => number;
  /**
   * Attachments (issue 12): a delete releases the item's files; an edit may replace them.
   * Absent in some tests.
   */
  files?: Pick<FilesService, 'release' | 'replace' | 'checkReplacement' | 'forItem'>;
}

/**
 * Editing, deleting and restoring comments, by the same rules as posts (post-edits.service).
 * A deleted comment stays in its thread as a placeholder (`deleted: true`, body ''); its
 * post's comment count does not change. A comment of a deleted post is out of reach.
 */
export class CommentEditsService {
  constructor(private readonly d: CommentEditsDeps) {}

  /** A new text and, when `attachments` is given, the comment's files from now on. */
  edit(actorId: number, id: number, body: string, attachments?: readonly number[]): Comment {
    const row = this.reachable(id);
    if (row.deletedAt !== null) throw notFound('comment', id);
    if (row.comment.author.id !== actorId) {
      throw forbidden('You can only edit your own comments.');
    }
    const files = this.d.files;
    const {
      current,
      wanted,
      same: sameFiles,
    } = planAttachmentEdit(files, actorId, 'comment', id, attachments);
    const sameText = body === row.comment.body;
    if (sameText && sameFiles) return { ...row.comment, attachments: current };
    const at = new Date(this.d.clock()).toISOString();
    return this.d.writer.write((tx) => {
      // A revision keeps the text; a change of files alone has none to keep.
      if (!sameText) this.keep(tx, row, actorId, at, 'edit');
      this.d.commentEdits.update(tx, id, body, at);
      const now =
        (!sameFiles && wanted ? files?.replace(tx, actorId, 'comment', id, wanted) : null) ??
        current;
      // Edits always carry the files as they are now ([] when the edit removed the last).
      const comment: Comment = { ...row.comment, body, editedAt: at, attachments: now };
      tx.event('comment.updated', { comment }, null);
      // Only names the edit adds notify: fixing a typo does not ping everyone again.
      this.d.mentions.notify(tx, {
        actor: row.comment.author,
        place: { kind: 'comment', postId: row.comment.postId, commentId: id },
        before: row.comment.body,
        after: body,
        createdAt: at,
      });
      return comment;
    });
  }

  remove(actorId: number, id: number, reason: string | null): void {
    const row = this.reachable(id);
    const own = row.comment.author.id === actorId;
    if (!own && !isModerator(this.d.roles.roleOf(actorId))) {
      throw forbidden('You can only delete your own comments.');
    }
    if (row.deletedAt !== null) return; // already deleted: the same answer again
    const nowMs = this.d.clock();
    const at = new Date(nowMs).toISOString();
    const postId = row.comment.postId;
    this.d.writer.write((tx) => {
      this.keep(tx, row, actorId, at, 'delete');
      this.d.revisions.setPurge(tx, 'comment', id, nowMs + DELETED_KEPT_MS);
      this.d.commentEdits.markDeleted(tx, id, at, actorId);
      for (const userId of this.d.redaction.comment(tx, id)) tx.unreadChanged(userId);
      this.d.files?.release(tx, 'comment', id);
      tx.event('comment.deleted', { id, postId }, null);
      if (!own) this.log(tx, actorId, 'comment.delete', row, reason, nowMs);
    });
  }

  restore(actorId: number, id: number, reason: string | null): Comment {
    if (!isModerator(this.d.roles.roleOf(actorId))) {
      throw forbidden('Only moderators, admins and the owner can restore comments.');
    }
    const row = this.reachable(id);
    if (row.deletedAt === null) return row.comment;
    const nowMs = this.d.clock();
    const kept = this.d.revisions.lastDelete('comment', id);
    if (!kept || Date.parse(row.deletedAt) + DELETED_KEPT_MS <= nowMs) {
      throw restoreExpired('comment');
    }
    return this.d.writer.write((tx) => {
      this.d.commentEdits.restore(tx, id, kept.body);
      this.d.revisions.remove(tx, kept.id);
      this.d.revisions.setPurge(tx, 'comment', id, null);
      const comment: Comment = { ...row.comment, body: kept.body, deleted: false };
      tx.event('comment.updated', { comment }, null);
      if (!(row.comment.author.id === actorId)) {
        this.log(tx, actorId, 'comment.restore', row, reason, nowMs);
      }
      return comment;
    });
  }

  revisions(actorId: number, id: number): RevisionList {
    if (!isModerator(this.d.roles.roleOf(actorId))) {
      throw forbidden('Only moderators, admins and the owner can see earlier versions.');
    }
    this.reachable(id);
    return { items: this.d.revisions.list('comment', id) };
  }

  /** The comment, unless it (or its post) does not exist for anyone: 404. */
  private reachable(id: number): CommentForEdit {
    const row = this.d.commentEdits.row(id);
    if (!row || row.postDeleted) throw notFound('comment', id);
    return row;
  }

  private keep(
    tx: Transaction,
    row: CommentForEdit,
    actorId: number,
    at: string,
    reason: 'edit' | 'delete',
  ): void {
    this.d.revisions.insert(tx, {
      itemType: 'comment',
      itemId: row.comment.id,
      title: null,
      body: row.comment.body,
      categoryIds: null,
      writtenAt: row.writtenAt,
      replacedAt: at,
      replacedBy: actorId,
      reason,
    });
  }

  private log(
    tx: Transaction,
    actorId: number,
    action: 'comment.delete' | 'comment.restore',
    row: CommentForEdit,
    reason: string | null,
    at: number,
  ): void {
    this.d.moderationLog.record(tx, {
      action,
      targetType: 'comment',
      targetId: row.comment.id,
      targetUserId: row.comment.author.id,
      reason,
      at,
      actorId,
    });
  }
}
