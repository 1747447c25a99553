/**
 * Typed contexts. `app` lives for the page (session, router, toasts); `forum` lives for one
 * signed-in session and is rebuilt from scratch when the user changes, so nothing leaks across.
 */
import { createContext } from 'svelte';
import type { AttentionState } from './attention.svelte';
import type { ChatEdits } from './chat-edits.svelte';
import type { ChatState } from './chat.svelte';
import type { FeedState } from './feed.svelte';
import type { LiveState } from './live.svelte';
import type { NotificationsState } from './notifications.svelte';
import type { RoomsState } from './rooms.svelte';
import type { ReactionsState } from './reactions.svelte';
import type { RouterState } from './router.svelte';
import type { SessionState } from './session.svelte';
import type { ToastState } from './toasts.svelte';
import type { Me } from '@common/api';

export interface AppContext {
  session: SessionState;
  router: RouterState;
  toasts: ToastState;
}

export interface ForumContext {
  me: Me;
  live: LiveState;
  feed: FeedState;
  chat: ChatState;
  /** Editing and deleting my messages; everyone's edits applied live. */
  chatEdits: ChatEdits;
  notifications: NotificationsState;
  attention: AttentionState;
  /** (rooms) My groups and rooms, and the one on screen. */
  rooms: RoomsState;
  /** (issue 12) Reactions on whatever is on screen, live. */
  reactions: ReactionsState;
}

export const [getApp, setApp] = createContext<AppContext>();
export const [getForum, setForum] = createContext<ForumContext>();
