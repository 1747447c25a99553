/**
 * Categories as admins manage them (`GET /api/forum/categories`: archived too, with post
 * counts), kept live by the `category.*` events of any admin and by new posts' counts.
 */
import type { CategoryAdminItem, CategoryInfo, UpdateCategoryRequest } from '@common/api';
import { api, errorMessage } from '../lib/api';
import { moveAmongActive } from '../lib/category-colors';
import type { SocketClient } from '../lib/socket';

const inOrder = (a: CategoryInfo, b: CategoryInfo) => a.position - b.position || a.id - b.id;

export class CategoryAdminState {
  items = $state<CategoryAdminItem[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  active = $derived(this.items.filter((c) => !c.archived));
  archived = $derived(this.items.filter((c) => c.archived));
  #off: (() => void)[];

  constructor(socket: SocketClient) {
    this.#off = [
      socket.on('category.created', (e) => this.#apply(e.payload.category)),
      socket.on('category.updated', (e) => this.#apply(e.payload.category)),
      socket.on('category.deleted', (e) => this.#remove(e.payload.id)),
      socket.on('post.created', (e) => {
        for (const c of e.payload.post.categories) {
          const item = this.items.find((x) => x.id === c.id);
          if (item) item.postCount += 1;
        }
      }),
      socket.on('resync', () => void this.load()),
    ];
  }

  async load(): Promise<void> {
    this.error = null;
    try {
      this.items = await api.adminCategories();
      this.loaded = true;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  async create(name: string, color: string | null): Promise<CategoryInfo> {
    const c = await api.createCategory({ name, color });
    this.#apply(c);
    return c;
  }

  async update(id: number, patch: UpdateCategoryRequest): Promise<void> {
    this.#apply(await api.updateCategory(id, patch));
  }

  /** Up or down among the active ones; false when it is already at that end. */
  async move(id: number, by: -1 | 1): Promise<boolean> {
    const ids = moveAmongActive(this.items, id, by);
    if (!ids) return false;
    this.items = await api.reorderCategories(ids);
    return true;
  }

  async remove(id: number): Promise<void> {
    await api.deleteCategory(id);
    this.#remove(id);
  }

  #apply(c: CategoryInfo): void {
    const i = this.items.findIndex((x) => x.id === c.id);
    const postCount = i === -1 ? 0 : this.items[i]!.postCount;
    const next = i === -1 ? [...this.items, { ...c, postCount }] : [...this.items];
    if (i !== -1) next[i] = { ...c, postCount };
    this.items = next.sort(inOrder);
  }

  #remove(id: number): void {
    this.items = this.items.filter((x) => x.id !== id);
  }

  destroy(): void {
    for (const f of this.#off) f();
  }
}
