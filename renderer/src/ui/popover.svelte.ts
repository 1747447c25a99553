/**
 * A header popover (the notifications panel, the account menu): open/closed state, a click
 * outside closes it, Escape closes it and gives focus back to its button.
 */
import { tick } from 'svelte';

export class Popover {
  open = $state(false);
  button: HTMLElement | undefined = $state();
  panel: HTMLElement | undefined = $state();

  /** Opens, then moves focus to `focus(panel)` (the panel itself by default). */
  async show(focus: (panel: HTMLElement) => HTMLElement | null | undefined = (p) => p) {
    this.open = true;
    await tick();
    if (this.panel) focus(this.panel)?.focus();
  }

  hide(focusButton = true): void {
    this.open = false;
    if (focusButton) this.button?.focus();
  }

  toggle(): Promise<void> | void {
    return this.open ? this.hide() : this.show();
  }

  /** For `<svelte:window onpointerdown>`: a press outside the panel and its button closes it. */
  onWindowPointer = (e: PointerEvent): void => {
    if (!this.open) return;
    const t = e.target as Node;
    if (!this.panel?.contains(t) && !this.button?.contains(t)) this.hide(false);
  };

  /** For the panel's keydown: Escape closes. True when the key was handled. */
  onKeydown = (e: KeyboardEvent): boolean => {
    if (e.key !== 'Escape') return false;
    e.preventDefault();
    e.stopPropagation();
    this.hide();
    return true;
  };
}
