/**
 * `hearth://` deep links: the app registers itself for the scheme and turns each link the
 * OS hands it (macOS: `open-url`; Windows and Linux: the argv of a first or second launch)
 * into the launcher's Join flow with the forum filled in. Parsing is the pure
 * `parseJoinLink` (common/invite-link.ts); a bad link becomes a notice, never a navigation.
 * Electron's `app` comes in through DeepLinkApp, so deep-links.test.ts covers it.
 */
import {
  DEEP_LINK_SCHEME,
  deepLinkFromArgv,
  parseJoinLink,
  type JoinTarget,
} from '@common/invite-link';

export interface DeepLinkApp {
  /** `app.setAsDefaultProtocolClient(scheme, execPath?, args?)`. */
  setAsDefaultProtocolClient(scheme: string, path?: string, args?: string[]): boolean;
  /** `app.on('open-url', (e, url) => { e.preventDefault(); … })` (macOS). */
  onOpenUrl(listener: (url: string) => void): void;
}

export interface DeepLinkTarget {
  /** Shows the launcher's Join flow for this forum (trust prompt included for https). */
  openJoin(target: JoinTarget): void;
  notice(text: string): void;
}

export interface DeepLinks {
  /** The launcher is ready: links that came during start-up are handled now. */
  attach(target: DeepLinkTarget): void;
  /** A second launch's argv (Windows, Linux): its `hearth:` argument, if any. */
  fromArgv(argv: readonly string[]): void;
}

export function setUpDeepLinks(
  app: DeepLinkApp,
  opts: {
    /** This launch's own argv: a link can start the app. */
    argv: readonly string[];
    /** In development the OS must start Electron with the app's path as its argument. */
    devLaunch?: { execPath: string; appPath: string };
    log?: (line: string) => void;
  },
): DeepLinks {
  const registered = opts.devLaunch
    ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, opts.devLaunch.execPath, [
        opts.devLaunch.appPath,
      ])
    : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  if (!registered) opts.log?.('[links] could not register hearth:// links with the OS');

  let target: DeepLinkTarget | null = null;
  const pending: string[] = [];
  const handle = (raw: string) => {
    if (!target) {
      pending.push(raw);
      return;
    }
    const parsed = parseJoinLink(raw);
    if (parsed.ok) target.openJoin(parsed.join);
    else target.notice(`That link did not open a forum: ${parsed.message}`);
  };
  app.onOpenUrl(handle);
  const first = deepLinkFromArgv(opts.argv);
  if (first) pending.push(first);

  return {
    attach(next) {
      target = next;
      for (const raw of pending.splice(0)) handle(raw);
    },
    fromArgv(argv) {
      const link = deepLinkFromArgv(argv);
      if (link) handle(link);
    },
  };
}
