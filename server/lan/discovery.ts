import { Bonjour, type Browser, type Service } from 'bonjour-service';
import type { FoundForum } from '../../common/lan';
import { HEARTH_SERVICE_TYPE, parseAdvert } from './advert';

export interface ForumBrowser {
  /** The forums announced now, by name. */
  list(): FoundForum[];
  stop(): Promise<void>;
}

export interface BrowseOptions {
  /** Called with the whole list after every change (found, withdrawn, updated). */
  onChange(forums: FoundForum[]): void;
  /** Ask again this often: hosts that came up while a query was lost still show. */
  requeryMs?: number;
  onError?(err: unknown): void;
}

/**
 * Browses the LAN for `_hearth._tcp` announcements. A host's goodbye removes it at once;
 * one that vanished without saying so goes when its records expire (their TTL).
 */
export function browseForums(opts: BrowseOptions): ForumBrowser {
  const bonjour = new Bonjour({}, (err: unknown) => opts.onError?.(err));
  const found = new Map<string, FoundForum>();
  const list = () => [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
  const emit = () => opts.onChange(list());

  const upsert = (s: Service) => {
    const forum = parseAdvert(s);
    if (!forum) return;
    found.set(s.fqdn || forum.key, forum);
    emit();
  };
  const browser: Browser = bonjour.find({ type: HEARTH_SERVICE_TYPE });
  browser.on('up', upsert);
  browser.on('txt-update', upsert);
  browser.on('srv-update', upsert);
  browser.on('down', (s: Service) => {
    if (found.delete(s.fqdn)) emit();
  });
  const requery = setInterval(() => {
    browser.expire();
    browser.update();
  }, opts.requeryMs ?? 10_000);
  requery.unref();

  let stopping: Promise<void> | null = null;
  return {
    list,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        clearInterval(requery);
        browser.stop();
        bonjour.destroy(() => resolve());
      })),
  };
}
