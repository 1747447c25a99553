import type { SetupRequest } from '../../common/api';
import { AppError } from '../errors/app-error';
import type { Transaction } from '../events/outbox';
import type { Logger } from '../logging/logger';
import type { CategoriesStore } from '../store/categories.store';
import type { ConversationsStore } from '../store/conversations.store';
import type { ForumSettingsStore } from '../store/forum-settings.store';
import type { AccountsService, SignedIn } from './accounts.service';
import { CATEGORY_TEMPLATE_SETS } from './category-templates';
import type { ForumService } from './forum.service';
import type { SetupToken } from './setup-token';

/**
 * Setup of a new forum (`POST /api/forum/setup`): with the one-time token, its name and
 * description, categories from a template, the default room's name (issue 11: "General"
 * unless given), and the owner's account, all in one transaction.
 */
export class SetupService {
  constructor(
    private readonly forum: ForumService,
    private readonly accounts: AccountsService,
    private readonly categories: CategoriesStore,
    private readonly settings: ForumSettingsStore,
    private readonly token: SetupToken,
    private readonly log: Logger,
    /** (rooms) The default room, named at setup; absent in tests that build setup alone. */
    private readonly rooms?: Pick<
      ConversationsStore,
      'defaultRoom' | 'get' | 'update' | 'memberCount'
    >,
  ) {}

  async setup(input: SetupRequest, previousSessionId?: number): Promise<SignedIn> {
    this.assertNotSetUp();
    if (!this.token.matches(input.token)) {
      this.log.warn('setup refused: wrong or missing setup token');
      throw new AppError(
        'INVALID_SETUP_TOKEN',
        'That setup token is not right. Use the address the host printed at start.',
        { field: 'token' },
      );
    }
    const signedIn = await this.accounts.createOwner(
      input.owner,
      {
        // Another setup may have won while the password was hashed.
        before: () => this.assertNotSetUp(),
        after: (tx) => {
          // No owner means no account, so no posts or follows name these categories.
          this.categories.removeAll(tx);
          for (const c of CATEGORY_TEMPLATE_SETS[input.template]) this.categories.insert(tx, c);
          this.settings.write(tx, input.forum);
          tx.event('forum.updated', { forum: this.forum.settings() }, null);
          if (input.room !== undefined) this.nameDefaultRoom(tx, input.room);
        },
      },
      previousSessionId,
    );
    this.token.consume();
    return signedIn;
  }

  /** The room every member is in (made by migration 010 as "General") gets its name. */
  private nameDefaultRoom(tx: Transaction, name: string): void {
    const id = this.rooms?.defaultRoom();
    const room = id === undefined ? undefined : this.rooms?.get(id);
    if (!this.rooms || !room || room.name === name) return;
    this.rooms.update(tx, room.id, name, room.topic);
    tx.event(
      'conversation.updated',
      {
        conversation: {
          id: room.id,
          kind: room.kind,
          name,
          topic: room.topic,
          createdBy: room.created_by,
          createdAt: room.created_at,
          memberCount: this.rooms.memberCount(room.id),
          isDefault: true,
        },
      },
      null,
    );
  }

  private assertNotSetUp(): void {
    if (!this.forum.setupRequired()) {
      throw new AppError('ALREADY_SET_UP', 'This forum is already set up: sign in instead.');
    }
  }
}
