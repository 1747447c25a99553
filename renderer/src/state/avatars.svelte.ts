/**
 * Who has an avatar, and its version (the tag in its URL, so a new picture shows at once).
 * One module-level instance rather than a context value: `ui/Avatar.svelte` is drawn in
 * every list, the shell's header and the auth screens alike, and must not need the forum
 * context to fall back to initials. The shell loads it and keeps it live (`avatar.updated`).
 */
import { request } from '../lib/api';

class Avatars {
  versions = $state<Record<number, string>>({});

  async load(): Promise<void> {
    try {
      const { avatars } = await request<{ avatars: Record<number, string> }>('GET', '/avatars');
      this.versions = avatars;
    } catch {
      // Initials everywhere until the next load: nothing else depends on it.
    }
  }

  set(userId: number, version: string | null): void {
    const next = { ...this.versions };
    if (version === null) delete next[userId];
    else next[userId] = version;
    this.versions = next;
  }

  /** The picture for a badge of `px` pixels, or null (initials). */
  url(userId: number, px: number): string | null {
    const v = this.versions[userId];
    if (!v) return null;
    return `/api/users/${userId}/avatar/${px > 64 ? 256 : 64}?v=${v}`;
  }

  clear(): void {
    this.versions = {};
  }
}

export const avatars = new Avatars();
