import type { Post, RevisionList, UpdatePostRequest } from '../../common/api';
import { AppError } from '../errors/app-error';
import type { Transaction, Writer } from '../events/outbox';
import type { CategoriesStore } from '../store/categories.store';
import type { ModerationLogStore } from '../store/moderation-log.store';
import type { PostEditsStore, PostForEdit } from '../store/post-edits.store';
import { summarize } from '../store/post-excerpt';
import type { PostsStore } from '../store/posts.store';
import type { RedactionStore } from '../store/redaction.store';
import type { RevisionsStore } from '../store/revisions.store';
import { DELETED_KEPT_MS, forbidden, isModerator, notFound, restoreExpired } from './item-rules';
import type { MentionsNotifier } from './mentions.service';
import { planAttachmentEdit } from './attachment-edit';
import type { FilesService } from './files.service';
import type { RolesService } from './roles.service';

export interface PostEditsDeps {
  posts: PostsStore;
  postEdits: PostEditsStore;
  categories: CategoriesStore;
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
 * Editing, deleting and restoring posts. Authors edit and delete their own; moderators
 * (and admins, the owner) delete and restore anyone's, logged in the moderation log when the
 * post is someone else's. Each change is one transaction with its event (`post.updated`,
 * `post.deleted`); a delete also keeps the last version for 30 days and takes the text out of
 * the post row, the event log and the notifications that quoted it.
 */
export class PostEditsService {
  constructor(private readonly d: PostEditsDeps) {}

  edit(actorId: number, id: number, input: UpdatePostRequest): Post {
    const row = this.d.postEdits.row(id);
    if (!row || row.deletedAt !== null) throw notFound('post', id);
    if (row.authorId !== actorId) throw forbidden('You can only edit your own posts.');
    const title = input.title ?? row.title;
    const body = input.body ?? row.body;
    const categoryIds =
      input.categoryIds === undefined ? null : this.checkCategories(row, input.categoryIds);
    const sameCategories =
      categoryIds === null || categoryIds.join(',') === row.categoryIds.join(',');
    const files = this.d.files;
    const {
      current,
      wanted,
      same: sameFiles,
    } = planAttachmentEdit(files, actorId, 'post', id, input.attachments);
    const sameText = title === row.title && body === row.body && sameCategories;
    if (sameText && sameFiles) return { ...this.current(id), attachments: current };
    const at = this.now();
    return this.d.writer.write((tx) => {
      // A revision keeps text and categories; a change of files alone has none to keep.
      if (!sameText) this.keep(tx, row, actorId, at, 'edit');
      this.d.postEdits.update(tx, { id, title, body, at }, sameCategories ? null : categoryIds);
      const attachments =
        (!sameFiles && wanted ? files?.replace(tx, actorId, 'post', id, wanted) : null) ?? current;
      const post = { ...this.current(id), attachments };
      // The event carries the files as they are now ([] when the edit removed the last).
      tx.event('post.updated', { post: summarize(post), attachments }, null);
      // Only names the edit adds notify: fixing a typo does not ping everyone again.
      this.d.mentions.notify(tx, {
        actor: post.author,
        place: { kind: 'post', postId: id, title },
        before: row.body,
        after: body,
        createdAt: at,
      });
      return post;
    });
  }

  remove(actorId: number, id: number, reason: string | null): void {
    const row = this.d.postEdits.row(id);
    if (!row) throw notFound('post', id);
    const own = row.authorId === actorId;
    const moderator = isModerator(this.d.roles.roleOf(actorId));
    if (!own && !moderator) {
      // A deleted post is gone for members: say so rather than that it is someone else's.
      if (row.deletedAt !== null) throw notFound('post', id);
      throw forbidden('You can only delete your own posts.');
    }
    if (row.deletedAt !== null) return; // already deleted: the same answer again
    const nowMs = this.d.clock();
    const at = new Date(nowMs).toISOString();
    this.d.writer.write((tx) => {
      this.keep(tx, row, actorId, at, 'delete');
      this.d.revisions.setPurge(tx, 'post', id, nowMs + DELETED_KEPT_MS);
      this.d.postEdits.markDeleted(tx, id, at, actorId);
      for (const userId of this.d.redaction.post(tx, id)) tx.unreadChanged(userId);
      // Its files (and its comments') go with it; a restore brings back the text only.
      this.d.files?.release(tx, 'post', id);
      tx.event('post.deleted', { id }, null);
      if (!own) this.log(tx, actorId, 'post.delete', row, reason, nowMs);
    });
  }

  restore(actorId: number, id: number, reason: string | null): Post {
    if (!isModerator(this.d.roles.roleOf(actorId))) {
      throw forbidden('Only moderators, admins and the owner can restore posts.');
    }
    const row = this.d.postEdits.row(id);
    if (!row) throw notFound('post', id);
    if (row.deletedAt === null) return this.current(id);
    const nowMs = this.d.clock();
    const kept = this.d.revisions.lastDelete('post', id);
    if (!kept || Date.parse(row.deletedAt) + DELETED_KEPT_MS <= nowMs) throw restoreExpired('post');
    return this.d.writer.write((tx) => {
      this.d.postEdits.restore(tx, id, kept.title ?? '', kept.body);
      this.d.revisions.remove(tx, kept.id);
      this.d.revisions.setPurge(tx, 'post', id, null);
      const post = this.current(id);
      tx.event('post.updated', { post: summarize(post) }, null);
      if (row.authorId !== actorId) this.log(tx, actorId, 'post.restore', row, reason, nowMs);
      return post;
    });
  }

  /** Earlier versions, oldest first: moderators, admins and the owner only. */
  revisions(actorId: number, id: number): RevisionList {
    if (!isModerator(this.d.roles.roleOf(actorId))) {
      throw forbidden('Only moderators, admins and the owner can see earlier versions.');
    }
    if (!this.d.postEdits.row(id)) throw notFound('post', id);
    return { items: this.d.revisions.list('post', id) };
  }

  /** New categories must exist and not be archived; ones the post has stay allowed. */
  private checkCategories(row: PostForEdit, requested: readonly number[]): number[] {
    const ids = [...new Set(requested)].sort((a, b) => a - b);
    const added = ids.filter((c) => !row.categoryIds.includes(c));
    const known = new Set(this.d.categories.byIds(added).map((c) => c.id));
    const unknown = added.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      throw new AppError('UNKNOWN_CATEGORY', `Unknown category: ${unknown.join(', ')}.`, {
        field: 'categoryIds',
      });
    }
    return ids;
  }

  /** The version being replaced, kept in `revisions`. */
  private keep(
    tx: Transaction,
    row: PostForEdit,
    actorId: number,
    at: string,
    reason: 'edit' | 'delete',
  ): void {
    this.d.revisions.insert(tx, {
      itemType: 'post',
      itemId: row.id,
      title: row.title,
      body: row.body,
      categoryIds: row.categoryIds,
      writtenAt: row.writtenAt,
      replacedAt: at,
      replacedBy: actorId,
      reason,
    });
  }

  private log(
    tx: Transaction,
    actorId: number,
    action: 'post.delete' | 'post.restore',
    row: PostForEdit,
    reason: string | null,
    at: number,
  ): void {
    this.d.moderationLog.record(tx, {
      action,
      targetType: 'post',
      targetId: row.id,
      targetUserId: row.authorId,
      reason,
      at,
      actorId,
    });
  }

  private current(id: number): Post {
    const post = this.d.posts.byId(id);
    if (!post) throw notFound('post', id);
    return post;
  }

  private now(): string {
    return new Date(this.d.clock()).toISOString();
  }
}
