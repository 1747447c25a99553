/**
 * `window.desktop`: the narrow bridge the preload exposes in the desktop app only.
 * In a browser it is undefined and the UI falls back to Web Notifications.
 */
export interface DesktopNotification {
  title: string;
  body: string;
  /** Hash route to open on click, e.g. `#/chat/alice` or `#/post/42`. */
  route: string;
  /** One notification per conversation or post: a new one with the same tag replaces it. */
  tag: string;
}

export interface DesktopInfo {
  version: string;
  hosting: null | {
    /** Addresses to share, e.g. `http://192.168.1.20:4000`. */
    addresses: string[];
    lanVisible: boolean;
  };
}

export interface DesktopBridge {
  notify(notification: DesktopNotification): void;
  setUnreadCount(count: number): void;
  /** Called when the user clicks an OS notification; returns an unsubscribe function. */
  onNavigate(callback: (route: string) => void): () => void;
  getInfo(): Promise<DesktopInfo>;
  switchForum(): void;
}

declare global {
  interface Window {
    desktop?: DesktopBridge;
  }
}
