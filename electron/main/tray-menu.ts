/**
 * The tray menu as data: a pure function of the app state, so tests can read it. tray.ts
 * hands it to Electron's Menu.buildFromTemplate.
 */
import type { QuietHours } from './notification-policy';

export interface TrayMenuItem {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox' | 'radio' | 'submenu';
  checked?: boolean;
  enabled?: boolean;
  submenu?: TrayMenuItem[];
  click?: () => void;
}

export interface TrayMenuState {
  hosting:
    | null
    | { state: 'running'; address: string; online: number | null }
    | { state: 'restarting' | 'starting' }
    | { state: 'failed' };
  dnd: boolean;
  quietHours: QuietHours | null;
  closeToTray: boolean;
  startAtLogin: boolean;
  startAtLoginSupported: boolean;
  unread: number;
}

export interface TrayActions {
  open(): void;
  copy(text: string): void;
  setDnd(on: boolean): void;
  setQuietHours(q: QuietHours | null): void;
  setCloseToTray(on: boolean): void;
  setStartAtLogin(on: boolean): void;
  switchForum(): void;
  stopHosting(): void;
  quit(): void;
}

export const QUIET_HOURS_PRESETS: readonly QuietHours[] = [
  { start: '21:00', end: '07:00' },
  { start: '22:00', end: '07:00' },
  { start: '23:00', end: '08:00' },
];

export function hostingLine(hosting: TrayMenuState['hosting']): string | null {
  if (!hosting) return null;
  switch (hosting.state) {
    case 'running':
      return `Hosting at ${hosting.address}${hosting.online === null ? '' : ` · ${hosting.online} online`}`;
    case 'starting':
      return 'Starting the forum server…';
    case 'restarting':
      return 'Restarting the forum server…';
    case 'failed':
      return 'The forum server stopped';
  }
}

const same = (a: QuietHours | null, b: QuietHours | null) =>
  a?.start === b?.start && a?.end === b?.end;

export function trayMenuTemplate(state: TrayMenuState, actions: TrayActions): TrayMenuItem[] {
  const items: TrayMenuItem[] = [
    {
      id: 'open',
      label: state.unread > 0 ? `Open Hearth (${state.unread} unread)` : 'Open Hearth',
      click: actions.open,
    },
  ];
  const line = hostingLine(state.hosting);
  if (line && state.hosting) {
    items.push({ type: 'separator' }, { id: 'hosting', label: line, enabled: false });
    if (state.hosting.state === 'running') {
      const address = state.hosting.address;
      items.push({ id: 'copy-address', label: 'Copy address', click: () => actions.copy(address) });
    }
    items.push({ id: 'stop-hosting', label: 'Stop hosting', click: actions.stopHosting });
  }
  items.push(
    { type: 'separator' },
    {
      id: 'dnd',
      label: 'Do not disturb',
      type: 'checkbox',
      checked: state.dnd,
      click: () => actions.setDnd(!state.dnd),
    },
    {
      id: 'quiet-hours',
      label: 'Quiet hours',
      type: 'submenu',
      submenu: [
        {
          label: 'Off',
          type: 'radio',
          checked: state.quietHours === null,
          click: () => actions.setQuietHours(null),
        },
        ...QUIET_HOURS_PRESETS.map((q): TrayMenuItem => ({
          label: `${q.start} – ${q.end}`,
          type: 'radio',
          checked: same(q, state.quietHours),
          click: () => actions.setQuietHours(q),
        })),
      ],
    },
    {
      id: 'close-to-tray',
      label: 'Keep running when the window is closed',
      type: 'checkbox',
      checked: state.closeToTray,
      click: () => actions.setCloseToTray(!state.closeToTray),
    },
  );
  if (state.startAtLoginSupported) {
    items.push({
      id: 'start-at-login',
      label: 'Start at login',
      type: 'checkbox',
      checked: state.startAtLogin,
      click: () => actions.setStartAtLogin(!state.startAtLogin),
    });
  }
  items.push(
    { type: 'separator' },
    { id: 'switch-forum', label: 'Switch forum…', click: actions.switchForum },
    { type: 'separator' },
    { id: 'quit', label: 'Quit Hearth', click: actions.quit },
  );
  return items;
}
