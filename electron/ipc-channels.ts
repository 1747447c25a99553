/**
 * IPC channel names, shared by the preload and the main process. Arguments are parsed
 * in main/ipc-handlers.ts; the types both sides agree on live in common/desktop.ts.
 */
export const DESKTOP_CHANNELS = {
  notify: 'desktop:notify',
  setUnreadCount: 'desktop:set-unread-count',
  getInfo: 'desktop:get-info',
  switchForum: 'desktop:switch-forum',
  /** main → forum page: open a route after a notification click. */
  navigate: 'desktop:navigate',
} as const;

export const LAUNCHER_CHANNELS = {
  getState: 'launcher:get-state',
  checkPort: 'launcher:check-port',
  chooseDataDir: 'launcher:choose-data-dir',
  host: 'launcher:host',
  testConnection: 'launcher:test-connection',
  join: 'launcher:join',
  open: 'launcher:open',
  remove: 'launcher:remove',
  showLog: 'launcher:show-log',
  copyText: 'launcher:copy-text',
  /** main → launcher page: the embedded server's state changed. */
  hostStatus: 'launcher:host-status',
} as const;

/** Passed to the preload so it knows which bridge the page gets (`--hearth-launcher=<url>`). */
export const LAUNCHER_URL_ARG = '--hearth-launcher=';
