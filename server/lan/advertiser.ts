import { Bonjour, type Service } from 'bonjour-service';
import type { Logger } from '../logging/logger';
import { advertTxt, HEARTH_SERVICE_TYPE, instanceName, type AdvertFacts } from './advert';

export interface Advertiser {
  /**
   * Announces what changed without a restart: a new name withdraws the old instance (its
   * goodbye) and announces the new one; a new TXT alone (the online count) is re-announced
   * under the same instance, which browsers take as an update.
   */
  update(facts: AdvertFacts): void;
  /** Sends the goodbye (TTL 0) records, then closes the multicast socket. Idempotent. */
  stop(): Promise<void>;
}

/** How long the goodbye may take before the socket is closed anyway (a dead interface). */
const GOODBYE_TIMEOUT_MS = 1500;

/**
 * The parts of bonjour-service's responder used to re-announce a changed TXT record in
 * place. Its `server` field is private in the typings (1.4 has no `updateTxt`); when the
 * shape is not there (another version), the update falls back to goodbye + announce.
 */
interface Responder {
  register(records: unknown[]): void;
  unregister(records: unknown[]): void;
  mdns: { respond(records: unknown[], cb?: () => void): void };
}

function responderOf(bonjour: Bonjour): Responder | null {
  const server = (bonjour as unknown as { server?: Partial<Responder> }).server;
  return server &&
    typeof server.register === 'function' &&
    typeof server.unregister === 'function' &&
    typeof server.mdns?.respond === 'function'
    ? (server as Responder)
    : null;
}

/**
 * Announces the forum as `_hearth._tcp` by multicast DNS (RFC 6762/6763) on every
 * interface, answering queries until `stop()`, which withdraws it so browsers drop it at
 * once instead of waiting for the records' TTL. A failure to announce (no multicast, the
 * port 5353 unusable) is logged, never fatal: the forum still works by address and invite.
 */
export function startAdvertising(facts: AdvertFacts, log: Logger): Advertiser {
  const bonjour = new Bonjour({}, (err: unknown) =>
    log.warn('mDNS announcement failed: the forum is not discoverable (share its invite instead)', {
      err,
    }),
  );
  const publish = (f: AdvertFacts): Service => {
    const s = bonjour.publish({
      name: instanceName(f.name, f.forumId),
      type: HEARTH_SERVICE_TYPE,
      port: f.port,
      txt: advertTxt(f),
      // A second forum with the same instance name means the same forum id twice (a copied
      // data folder): announcing anyway is clearer than a renamed "(2)" nobody recognises.
      probe: false,
    });
    s.on('error', (err: unknown) => log.warn('mDNS announcement error', { err }));
    return s;
  };
  let service = publish(facts);
  let current = facts;
  log.info('announcing the forum on the LAN (mDNS _hearth._tcp)', { port: facts.port });

  let stopping: Promise<void> | null = null;
  return {
    update(next) {
      if (stopping) return;
      const prev = current;
      current = next;
      const responder = responderOf(bonjour);
      if (
        responder &&
        instanceName(prev.name, prev.forumId) === instanceName(next.name, next.forumId) &&
        prev.port === next.port
      ) {
        // Same instance: swap the TXT record the responder answers with, and say it now.
        const old = service.records().filter((r) => r.type === 'TXT');
        service.txt = advertTxt(next);
        const records = service.records();
        responder.unregister(old);
        responder.register(records);
        responder.mdns.respond(records);
        log.debug('mDNS announcement updated', { online: next.online });
        return;
      }
      const old = service;
      old.stop(() => undefined);
      service = publish(next);
      log.info('mDNS announcement renamed', { name: next.name });
    },
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          bonjour.destroy(() => resolve());
        };
        const timer = setTimeout(done, GOODBYE_TIMEOUT_MS);
        bonjour.unpublishAll(done);
      })),
  };
}
