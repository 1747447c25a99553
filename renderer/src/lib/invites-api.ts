// Invite people (issue 14): REST calls, beside api.ts so that file stays as it is.
import type {
  DiscoverySettings,
  Invite,
  InviteCheck,
  InviteCreateRequest,
  InviteShare,
} from '@common/api';
import { request } from './api';

export const invitesApi = {
  share: () => request<InviteShare>('GET', '/invites/share'),
  list: () => request<Invite[]>('GET', '/invites'),
  create: (body: InviteCreateRequest) => request<Invite>('POST', '/invites', { body }),
  revoke: (id: number) => request<Invite>('DELETE', `/invites/${id}`),
  check: (code: string) =>
    request<InviteCheck>('GET', `/invites/check/${code}`, { expect401: true }),
};

/** The LAN announcement's setting (owner, admins): whether it shows people online. */
export const discoveryApi = {
  get: () => request<DiscoverySettings>('GET', '/invites/discovery'),
  set: (body: DiscoverySettings) =>
    request<DiscoverySettings>('PUT', '/invites/discovery', { body }),
};
