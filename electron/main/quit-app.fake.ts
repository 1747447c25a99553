/**
 * Test stand-in for Electron's app in the quit sequence: quit() emits `before-quit`, and
 * the app exits only when no listener prevented it, as Electron does.
 */
import type { QuitApp } from './shutdown-on-quit';

export class FakeQuitApp implements QuitApp {
  quitCalls = 0;
  exited = 0;
  private listeners: Array<(event: { preventDefault(): void }) => void> = [];
  onBeforeQuit(listener: (event: { preventDefault(): void }) => void): void {
    this.listeners.push(listener);
  }
  quit(): void {
    this.quitCalls++;
    let prevented = false;
    for (const l of this.listeners) l({ preventDefault: () => (prevented = true) });
    if (!prevented) this.exited++;
  }
}
