/**
 * (issue 13) When a conversation's read pointer moves: only for messages that were on screen
 * while the window was focused and its page visible. A window in the background, behind
 * another app or in a hidden tab marks nothing; when it is looked at again, what is on screen
 * then is marked. One `chat.read` carries the highest message seen (coalesced, never one per
 * message), and the pointer never moves back.
 */
export interface ReadView {
  /** The window has the focus (`document.hasFocus()`). */
  focused: boolean;
  /** The page is shown (`document.visibilityState === 'visible'`). */
  visible: boolean;
}

/** The id to mark read, or null: the highest seen id above the pointer, while looked at. */
export function readMarkTo(seen: Iterable<number>, view: ReadView, pointer: number): number | null {
  if (!view.focused || !view.visible) return null;
  let best = pointer;
  for (const id of seen) if (id > best) best = id;
  return best > pointer ? best : null;
}

/** The browser's answer for this page (a test passes its own). */
export function documentView(doc: Pick<Document, 'hasFocus' | 'visibilityState'>): ReadView {
  return { focused: doc.hasFocus(), visible: doc.visibilityState === 'visible' };
}

export interface ReadMarkerOptions {
  /** The reader's pointer as the server last said (messages above it are unread). */
  pointer: number;
  /** Sends `chat.read` up to this id. */
  send: (upTo: number) => void;
  view: () => ReadView;
  /** How long to gather messages coming into view before one mark goes out. */
  delayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * One open conversation's read marks: the message list says which messages are on screen
 * (`show`/`hide`, from an IntersectionObserver) and when focus or visibility changed (`poke`);
 * a short pause later, one mark for the highest of them goes out, if the window is looked at.
 */
export class ReadMarker {
  readonly #onScreen = new Set<number>();
  #pointer: number;
  #timer: unknown = null;
  #destroyed = false;
  readonly #o: Required<ReadMarkerOptions>;

  constructor(options: ReadMarkerOptions) {
    this.#o = {
      delayMs: 250,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      ...options,
    };
    this.#pointer = options.pointer;
  }

  get pointer(): number {
    return this.#pointer;
  }

  /** The server's pointer moved (another device read further): never backwards. */
  setPointer(pointer: number): void {
    this.#pointer = Math.max(this.#pointer, pointer);
  }

  show(id: number): void {
    this.#onScreen.add(id);
    this.poke();
  }

  hide(id: number): void {
    this.#onScreen.delete(id);
  }

  /** Something may now count as read: mark it after the pause (once for many pokes). */
  poke(): void {
    if (this.#timer !== null || this.#destroyed) return;
    this.#timer = this.#o.setTimer(() => {
      this.#timer = null;
      this.flush();
    }, this.#o.delayMs);
  }

  /** Marks now what is on screen, if the window is looked at. */
  flush(): void {
    const upTo = readMarkTo(this.#onScreen, this.#o.view(), this.#pointer);
    if (upTo === null) return;
    this.#pointer = upTo;
    this.#o.send(upTo);
  }

  /** The list goes away: what was seen and not yet marked is marked now, then nothing more. */
  destroy(): void {
    if (this.#timer !== null) {
      this.#o.clearTimer(this.#timer);
      this.#timer = null;
      this.flush();
    }
    this.#onScreen.clear();
    this.#destroyed = true;
  }
}
