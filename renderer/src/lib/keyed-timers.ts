/** One pending timeout per key: setting a key again replaces its timer. */
export class KeyedTimers<K> {
  #timers = new Map<K, ReturnType<typeof setTimeout>>();

  set(key: K, ms: number, fn: () => void): void {
    this.clear(key);
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        fn();
      }, ms),
    );
  }

  has(key: K): boolean {
    return this.#timers.has(key);
  }

  clear(key: K): void {
    const t = this.#timers.get(key);
    if (t !== undefined) clearTimeout(t);
    this.#timers.delete(key);
  }

  clearAll(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }
}
