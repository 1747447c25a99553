import { Bonjour } from 'bonjour-service';
import type { Logger } from '../logging/logger';
import { advertTxt, HEARTH_SERVICE_TYPE, instanceName, type AdvertFacts } from './advert';

export interface Advertiser {
  /** Sends the goodbye (TTL 0) records, then closes the multicast socket. Idempotent. */
  stop(): Promise<void>;
}

/** How long the goodbye may take before the socket is closed anyway (a dead interface). */
const GOODBYE_TIMEOUT_MS = 1500;

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
  const service = bonjour.publish({
    name: instanceName(facts.name, facts.forumId),
    type: HEARTH_SERVICE_TYPE,
    port: facts.port,
    txt: advertTxt(facts),
    // A second forum with the same instance name means the same forum id twice (a copied
    // data folder): announcing anyway is clearer than a renamed "(2)" nobody recognises.
    probe: false,
  });
  service.on('error', (err: unknown) => log.warn('mDNS announcement error', { err }));
  log.info('announcing the forum on the LAN (mDNS _hearth._tcp)', { port: facts.port });

  let stopping: Promise<void> | null = null;
  return {
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
