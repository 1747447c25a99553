/** A shared "now" for relative times, ticking every 30 s (one timer for the whole page). */
class Clock {
  now = $state(Date.now());
  #subscribers = 0;
  #timer: ReturnType<typeof setInterval> | null = null;

  /** Call from an $effect; returns the release function. */
  use(): () => void {
    if (this.#subscribers++ === 0) {
      this.now = Date.now();
      this.#timer = setInterval(() => (this.now = Date.now()), 30_000);
    }
    return () => {
      if (--this.#subscribers === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = null;
      }
    };
  }
}

export const clock = new Clock();
