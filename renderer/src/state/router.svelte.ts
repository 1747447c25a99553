import { parseRoute, routeHref, type Route } from '../lib/routes';

/** The current hash route, kept in sync with `location.hash`. */
export class RouterState {
  current = $state<Route>(parseRoute(location.hash));
  #onHash = () => {
    this.current = parseRoute(location.hash);
  };

  constructor() {
    window.addEventListener('hashchange', this.#onHash);
  }

  go(route: Route | string): void {
    const href = typeof route === 'string' ? route : routeHref(route);
    if (
      location.hash === href ||
      (href === '#/' && (location.hash === '' || location.hash === '#'))
    ) {
      this.#onHash();
      return;
    }
    location.hash = href;
  }

  /** Goes without a history entry: for leaving an address that must not be revisited (setup). */
  replace(route: Route | string): void {
    const href = typeof route === 'string' ? route : routeHref(route);
    history.replaceState(history.state, '', href);
    this.#onHash();
  }

  destroy(): void {
    window.removeEventListener('hashchange', this.#onHash);
  }
}
