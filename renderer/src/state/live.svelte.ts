/**
 * The session's socket, with its status as reactive state for the connection banner.
 * Created when a user signs in and closed when they leave.
 */
import { api, ApiError } from '../lib/api';
import { SocketClient, type SessionEndKind, type SocketStatus } from '../lib/socket';

/** The socket lives on the server that served the page. */
export function defaultSocketUrl(loc: Location = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

export class LiveState {
  readonly socket: SocketClient;
  status = $state<SocketStatus>('connecting');
  /** True once the socket has been open at least once: the banner is for losing it. */
  everOpen = $state(false);
  #cleanup: (() => void)[] = [];

  constructor(onSessionEnded: (why: SessionEndKind) => void, url = defaultSocketUrl()) {
    this.socket = new SocketClient({
      url,
      checkSession: async () => {
        try {
          await api.me();
          return true;
        } catch (e) {
          return !(e instanceof ApiError && e.code === 'UNAUTHENTICATED');
        }
      },
    });
    this.#cleanup.push(
      this.socket.onStatus((s) => {
        this.status = s;
        if (s === 'open') this.everOpen = true;
      }),
      this.socket.onSessionEnded(onSessionEnded),
    );
    const wake = () => this.socket.reconnectNow();
    const onVisible = () => document.visibilityState === 'visible' && wake();
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', onVisible);
    this.#cleanup.push(
      () => window.removeEventListener('online', wake),
      () => document.removeEventListener('visibilitychange', onVisible),
    );
  }

  connect(): void {
    this.socket.connect();
  }

  close(): void {
    for (const fn of this.#cleanup) fn();
    this.#cleanup = [];
    this.socket.close();
  }
}
