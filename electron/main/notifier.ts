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
  /** Emitted when the OS refuses it (macOS: an unsigned app since Electron 42). */
  on(event: 'failed', listener: (event: unknown, error: string) => void): void;
}

/** Why OS notifications fell back to the page's toasts, said once. */
export const FALLBACK_NOTICE = {
  title: 'Notifications show inside Hearth',
  body: "The system did not show Hearth's notifications (macOS shows them only for a signed copy of the app). New messages appear as notes inside the window instead, and the tray keeps the unread count.",
};

export interface NotifierDeps {
  create(options: { title: string; body: string; silent: boolean }): OsNotification;
  isSupported(): boolean;
  platform: NodeJS.Platform;
  policyInput(): PolicyInput;
  onClick(route: string): void;
  /**
   * The OS refused a notification: show it in the app instead. `firstFailure` is true
   * once, when the reason should be told too. From then on notifications go straight
   * here, without trying the OS again.
   */
  fallback(n: DesktopNotification, firstFailure: boolean): void;
  log(line: string): void;
}

export type NotifyOutcome =
  | PolicyDecision
  | { show: false; reason: 'unsupported' }
  /** Shown in the app, because the OS refused an earlier notification. */
  | { show: true; via: 'fallback' };

/** Kept references also stop the garbage collector from dropping click handlers. */
const MAX_LIVE = 50;

export function createNotifier(deps: NotifierDeps) {
  const live = new Map<string, OsNotification>();
  let osRefuses = false;

  function forget(tag: string, which: OsNotification): void {
    if (live.get(tag) === which) live.delete(tag);
  }

  return {
    notify(n: DesktopNotification): NotifyOutcome {
      if (!deps.isSupported()) return { show: false, reason: 'unsupported' };
      const decision = decideNotification(n, deps.policyInput());
      if (!decision.show) return decision;
      if (osRefuses) {
        deps.fallback(n, false);
        return { show: true, via: 'fallback' };
      }
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
      shown.on('failed', (_event, error) => {
        forget(n.tag, shown);
        const first = !osRefuses;
        osRefuses = true;
        if (first) deps.log(`[notify] the system refused a notification: ${error}`);
        deps.fallback(n, first);
      });
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
