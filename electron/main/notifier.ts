/**
 * OS notifications for the forum page's `desktop.notify()`: the policy decides, the text is
 * made safe for the platform, one notification per tag (a newer one replaces it), and a
 * click brings the window back on the right route. Electron's Notification is injected.
 */
import type { DesktopNotification } from '@common/desktop';
import {
  decideNotification,
  osNotificationText,
  type PolicyDecision,
  type PolicyInput,
} from './notification-policy';

export interface OsNotification {
  show(): void;
  close(): void;
  on(event: 'click' | 'close', listener: () => void): void;
}

export interface NotifierDeps {
  create(options: { title: string; body: string; silent: boolean }): OsNotification;
  isSupported(): boolean;
  platform: NodeJS.Platform;
  policyInput(): PolicyInput;
  onClick(route: string): void;
}

export type NotifyOutcome = PolicyDecision | { show: false; reason: 'unsupported' };

/** Kept references also stop the garbage collector from dropping click handlers. */
const MAX_LIVE = 50;

export function createNotifier(deps: NotifierDeps) {
  const live = new Map<string, OsNotification>();

  function forget(tag: string, which: OsNotification): void {
    if (live.get(tag) === which) live.delete(tag);
  }

  return {
    notify(n: DesktopNotification): NotifyOutcome {
      if (!deps.isSupported()) return { show: false, reason: 'unsupported' };
      const decision = decideNotification(n, deps.policyInput());
      if (!decision.show) return decision;
      const previous = live.get(n.tag);
      if (previous) {
        live.delete(n.tag);
        previous.close();
      }
      const text = osNotificationText(n, deps.platform);
      const shown = deps.create({ ...text, silent: false });
      shown.on('click', () => {
        forget(n.tag, shown);
        deps.onClick(n.route);
      });
      shown.on('close', () => forget(n.tag, shown));
      live.set(n.tag, shown);
      if (live.size > MAX_LIVE) {
        const oldest = live.keys().next().value;
        if (oldest !== undefined) live.delete(oldest);
      }
      shown.show();
      return decision;
    },
    /** Close everything, e.g. when leaving a forum. */
    clear(): void {
      for (const n of live.values()) n.close();
      live.clear();
    },
    liveCount: () => live.size,
  };
}
