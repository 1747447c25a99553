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

  destroy(): void {
    window.removeEventListener('hashchange', this.#onHash);
  }
}
