import type {
  CategoryAdminItem,
  CategoryInfo,
  CreateCategoryRequest,
  UpdateCategoryRequest,
} from '../../common/api';
import { FORUM_LIMITS } from '../../common/api';
import { AppError } from '../errors/app-error';
import type { Transaction, Writer } from '../events/outbox';
import type { CategoriesStore } from '../store/categories.store';
import type { ModerationLogStore } from '../store/moderation-log.store';
import { MANAGERS, type RolesService } from './roles.service';

/**
 * Admins shape the categories: create, rename, recolour, reorder, archive (hidden from the
 * picker and filters; its posts kept and reachable), and delete an empty one. Every change
 * is a durable `category.*` event, so every client follows live and on resume.
 */
export class CategoriesService {
  constructor(
    private readonly categories: CategoriesStore,
    private readonly roles: RolesService,
    private readonly writer: Writer,
    /** Category changes are logged (moderation log); absent in narrow tests. */
    private readonly log: { store: ModerationLogStore; clock: () => number } | null = null,
  ) {}

  private record(
    tx: Transaction,
    actorId: number,
    action: string,
    id: number,
    detail: Record<string, unknown>,
  ): void {
    this.log?.store.record(tx, {
      at: this.log.clock(),
      actorId,
      action,
      targetType: 'category',
      targetId: id,
      targetUserId: null,
      reason: null,
      detail,
    });
  }

  list(actorId: number): CategoryAdminItem[] {
    this.roles.require(actorId, MANAGERS, 'manage categories');
    return this.categories.withPostCounts();
  }

  create(actorId: number, input: CreateCategoryRequest): CategoryInfo {
    this.roles.require(actorId, MANAGERS, 'create categories');
    this.assertNameFree(input.name);
    if (this.categories.count() >= FORUM_LIMITS.categories.max) {
      throw new AppError(
        'VALIDATION_FAILED',
        `A forum can have at most ${FORUM_LIMITS.categories.max} categories.`,
        { field: 'name' },
      );
    }
    return this.writer.write((tx) => {
      const category = this.categories.insert(tx, { name: input.name, color: input.color ?? null });
      tx.event('category.created', { category }, null);
      this.record(tx, actorId, 'category.create', category.id, { name: category.name });
      return category;
    });
  }

  update(actorId: number, id: number, patch: UpdateCategoryRequest): CategoryInfo {
    this.roles.require(actorId, MANAGERS, 'change categories');
    const current = this.mustExist(id);
    if (patch.name !== undefined) this.assertNameFree(patch.name, id);
    const next: CategoryInfo = {
      ...current,
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.color === undefined ? {} : { color: patch.color }),
      ...(patch.archived === undefined ? {} : { archived: patch.archived }),
    };
    return this.writer.write((tx) => {
      const category = this.categories.update(tx, next);
      tx.event('category.updated', { category }, null);
      this.record(tx, actorId, 'category.update', id, { ...patch, name: category.name });
      return category;
    });
  }

  /** `ids`: every category once, in the new order. One event per category that moved. */
  reorder(actorId: number, ids: readonly number[]): CategoryAdminItem[] {
    this.roles.require(actorId, MANAGERS, 'reorder categories');
    const current = this.categories.withPostCounts();
    const known = new Set(current.map((c) => c.id));
    if (ids.length !== known.size || ids.some((id) => !known.has(id))) {
      throw new AppError('VALIDATION_FAILED', 'List every category id once, in the new order.', {
        field: 'ids',
      });
    }
    this.writer.write((tx) => {
      const byId = new Map(current.map((c) => [c.id, c]));
      ids.forEach((id, i) => {
        const c = byId.get(id);
        if (!c || c.position === i + 1) return;
        const { postCount: _count, ...info } = c;
        const category = this.categories.update(tx, { ...info, position: i + 1 });
        tx.event('category.updated', { category }, null);
      });
    });
    return this.categories.withPostCounts();
  }

  /** Only an empty category: posts are never lost (archive a category that has some). */
  remove(actorId: number, id: number): void {
    this.roles.require(actorId, MANAGERS, 'delete categories');
    const category = this.mustExist(id);
    const posts = this.categories.postCount(id);
    if (posts > 0) {
      throw new AppError(
        'CATEGORY_NOT_EMPTY',
        `"${category.name}" has ${posts} post${posts === 1 ? '' : 's'}: only an empty category can be deleted. Archive it instead.`,
      );
    }
    this.writer.write((tx) => {
      // Follows go with it (ON DELETE CASCADE).
      this.categories.remove(tx, id);
      tx.event('category.deleted', { id }, null);
      this.record(tx, actorId, 'category.delete', id, { name: category.name });
    });
  }

  private mustExist(id: number): CategoryInfo {
    const category = this.categories.byId(id);
    if (!category) throw new AppError('NOT_FOUND', `There is no category ${id}.`);
    return category;
  }

  private assertNameFree(name: string, exceptId?: number): void {
    const other = this.categories.byName(name);
    if (other && other.id !== exceptId) {
      throw new AppError('CATEGORY_NAME_TAKEN', `There is already a category "${other.name}".`, {
        field: 'name',
      });
    }
  }
}
