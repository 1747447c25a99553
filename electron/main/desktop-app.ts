/**
 * The desktop app's parts, wired together: hosting, the window router and the launcher's
 * view model, plus the two things that span them (settings from the tray, shutting down).
 * index.ts passes Electron in; the tests pass fakes and get the same wiring.
 */
import type { DesktopNotification } from '@common/desktop';
import { Hosting, type HostingDeps } from './hosting';
import { FALLBACK_NOTICE } from './notifier';
import { LauncherModel, type LauncherModelDeps } from './launcher-model';
import type { Settings } from './settings.store';
import { effectiveCloseToTray } from './tray-support';
import { WindowRouter, type WindowRouterDeps } from './window-router';

export type DesktopAppDeps = HostingDeps &
  WindowRouterDeps &
  Omit<LauncherModelDeps, 'hosting' | 'router'> & {
    /** Applies "Start at login" to the OS (autostart.ts). */
    setStartAtLogin(on: boolean): void;
  };

export interface DesktopApp {
  hosting: Hosting;
  router: WindowRouter;
  launcher: LauncherModel;
  /** A settings change from the tray: saved, applied to the OS, shown in the menu. */
  applySettings(patch: Partial<Settings>): void;
  /** Called from `before-quit`: closes the server gracefully; resolves when it is down. */
  shutdown(): Promise<void>;
  /**
   * The OS refused a notification (notifier.ts): it shows as a toast on the forum page,
   * and the first time a second toast says why. Without a forum page, the launcher says it.
   */
  showInApp(n: DesktopNotification, firstFailure: boolean): void;
}

export function createDesktopApp(deps: DesktopAppDeps): DesktopApp {
  const hosting = new Hosting(deps);
  const router = new WindowRouter(deps);
  const launcher = new LauncherModel({ ...deps, hosting, router });
  return {
    hosting,
    router,
    launcher,
    applySettings(patch) {
      const s = deps.settings.update(patch);
      if (patch.startAtLogin !== undefined) deps.setStartAtLogin(patch.startAtLogin);
      router.updateTray({
        dnd: s.dnd,
        quietHours: s.quietHours,
        closeToTray: effectiveCloseToTray(s.closeToTray, deps.trayShown()),
        startAtLogin: s.startAtLogin,
      });
    },
    showInApp(n, firstFailure) {
      const shown = router.toast({ title: n.title, body: n.body, route: n.route, tag: n.tag });
      if (!shown) launcher.notice(`${n.title}: ${n.body}`);
      if (firstFailure && !router.toast({ ...FALLBACK_NOTICE, tag: 'hearth-os-notifications' })) {
        launcher.notice(FALLBACK_NOTICE.body);
      }
    },
    async shutdown() {
      router.prepareToQuit();
      await hosting.stop();
      router.dispose();
    },
  };
}
