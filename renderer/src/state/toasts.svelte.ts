/** Short-lived messages in the top corner: errors that have no field to sit next to, and heads-ups. */
import { KeyedTimers } from '../lib/keyed-timers';

export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'success';
  text: string;
  title?: string;
  /** A new toast with the same tag replaces the old one (one toast per conversation). */
  tag?: string;
  /** An optional action, e.g. "Open" for a message that arrived elsewhere. */
  action?: { label: string; run: () => void };
}

export class ToastState {
  items = $state<Toast[]>([]);
  #next = 1;
  #timers = new KeyedTimers<number>();

  show(toast: Omit<Toast, 'id'>, ttlMs = toast.kind === 'error' ? 7000 : 5000): number {
    const id = this.#next++;
    // Identical errors (e.g. a flaky network) stack up as one.
    const same = this.items.find((t) =>
      toast.tag
        ? t.tag === toast.tag
        : t.kind === toast.kind && t.text === toast.text && t.title === toast.title,
    );
    if (same) this.dismiss(same.id);
    this.items = [...this.items.slice(-3), { ...toast, id }];
    this.#timers.set(id, ttlMs, () => this.dismiss(id));
    return id;
  }

  error(text: string): number {
    return this.show({ kind: 'error', text });
  }

  info(text: string, title?: string, action?: Toast['action'], tag?: string): number {
    return this.show({ kind: 'info', text, title, action, tag });
  }

  success(text: string): number {
    return this.show({ kind: 'success', text });
  }

  dismiss(id: number): void {
    this.#timers.clear(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  /** The thing a toast announced is now on screen (its conversation or post opened). */
  dismissTag(tag: string): void {
    for (const t of this.items) if (t.tag === tag) this.dismiss(t.id);
  }

  clear(): void {
    this.#timers.clearAll();
    this.items = [];
  }
}
