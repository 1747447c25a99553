/**
 * What the desktop app's launcher shows of a forum found on the LAN (DNS-SD `_hearth._tcp`,
 * server/lan/). Plain data: it crosses IPC.
 */
export interface FoundForum {
  /** The announcement's own key (its DNS-SD instance name): stable while it is up. */
  key: string;
  /** The forum's name, from the TXT record. */
  name: string;
  /** The forum's id (the one in its session cookie name): saved forums are matched by it. */
  forumId: string;
  /** The Hearth version the host runs. */
  version: string;
  /** Where to open it: `http(s)://<address>:<port>`. */
  url: string;
  https: boolean;
  /**
   * People online on it now, when its host shows that (TXT `online`); null when hidden
   * (absent: an announcement parsed before the count existed).
   */
  online?: number | null;
}
