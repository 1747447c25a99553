import type { Logger } from '../logging/logger';

type Listener<P> = (payload: P) => void;

/**
 * A small typed, synchronous in-process bus. Listeners run in registration order, right
 * after the emitting service committed its write and before the HTTP response is sent.
 * A throwing listener is logged and skipped: the write already happened, so it must not
 * turn into an error for the client.
 */
export class EventBus<M extends object> {
  private readonly listeners = new Map<keyof M, Set<Listener<never>>>();

  constructor(private readonly log?: Logger) {}

  /** Returns the function that removes this listener. */
  on<K extends keyof M>(type: K, listener: Listener<M[K]>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends keyof M>(type: K, payload: M[K]): void {
    const set = this.listeners.get(type);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<M[K]>)(payload);
      } catch (err) {
        this.log?.error('event listener failed', { event: String(type), err });
      }
    }
  }

  listenerCount(type: keyof M): number {
    return this.listeners.get(type)?.size ?? 0;
  }
}
