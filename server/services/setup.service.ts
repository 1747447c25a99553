import type { SetupRequest } from '../../common/api';
import { AppError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import type { CategoriesStore } from '../store/categories.store';
import type { ForumSettingsStore } from '../store/forum-settings.store';
import type { AccountsService, SignedIn } from './accounts.service';
import { CATEGORY_TEMPLATE_SETS } from './category-templates';
import type { ForumService } from './forum.service';
import type { SetupToken } from './setup-token';

/**
 * Setup of a new forum (`POST /api/forum/setup`): with the one-time token, its name and
 * description, categories from a template, and the owner's account, all in one transaction.
 */
export class SetupService {
  constructor(
    private readonly forum: ForumService,
    private readonly accounts: AccountsService,
    private readonly categories: CategoriesStore,
    private readonly settings: ForumSettingsStore,
    private readonly token: SetupToken,
    private readonly log: Logger,
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
        },
      },
      previousSessionId,
    );
    this.token.consume();
    return signedIn;
  }

  private assertNotSetUp(): void {
    if (!this.forum.setupRequired()) {
      throw new AppError('ALREADY_SET_UP', 'This forum is already set up: sign in instead.');
    }
  }
}
