/** The moderation log page: newest first, "Load older" pages back by id. */
import type { ModerationLogEntry } from '@common/api';
import { errorMessage } from '../lib/api';
import { appendNew } from '../lib/merge';
import { moderationApi } from '../lib/moderation-api';

const PAGE = 30;

export class ModerationLogState {
  items = $state<ModerationLogEntry[]>([]);
  nextBefore = $state<number | null>(null);
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const page = await moderationApi.log({ limit: PAGE });
      this.items = page.items;
      this.nextBefore = page.nextBefore;
      this.loaded = true;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  async loadOlder(): Promise<void> {
    if (this.loading || this.nextBefore === null) return;
    this.loading = true;
    try {
      const page = await moderationApi.log({ before: this.nextBefore, limit: PAGE });
      this.items = appendNew(this.items, page.items);
      this.nextBefore = page.nextBefore;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }
}
