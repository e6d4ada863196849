// App-wide data that several screens share: the start-up status, the tags
// with their counts, the number of customers in the trash, and a version
// number bumped after every change so lists know to reload.
import * as api from '../../api';
import type { ApiError, AppStatus, TagCount } from '../../api';
import { errorMessage } from '../../i18n/errors';
import { isLang, setUiLanguage } from '../../i18n/index.svelte';
import { toasts } from './toasts.svelte';

class AppData {
  status = $state<AppStatus | null>(null);
  tags = $state<TagCount[]>([]);
  trashCount = $state<number | null>(null);
  /** Bumped after any create/update/trash/restore/purge. */
  version = $state(0);
  /** The sidebar's badges: what is due today, and open complaints. */
  dueToday = $state<number | null>(null);
  openComplaints = $state<number | null>(null);

  async refreshCounts(): Promise<void> {
    try {
      const today = await api.today();
      this.dueToday = today.remindersTotal + today.contactsTotal;
      this.openComplaints = today.complaintsTotal;
    } catch {
      // Badges are a nicety; the screens report their own errors.
      this.dueToday = null;
      this.openComplaints = null;
    }
  }

  async refreshTags(): Promise<void> {
    try {
      this.tags = await api.listTags();
    } catch (e) {
      reportError(e);
    }
  }

  async refreshTrashCount(): Promise<void> {
    try {
      const page = await api.listCustomers({
        search: '',
        tag: null,
        sort: 'updated',
        dir: 'desc',
        trash: true,
        offset: 0,
        limit: 1,
      });
      this.trashCount = page.total;
    } catch {
      // The badge is a nicety; the trash screen reports its own errors.
      this.trashCount = null;
    }
  }

  /** Bumped when a restore replaced all data, so settings read once are read again. */
  replaced = $state(0);

  /**
   * Call after a restore replaced all data: every list reloads, and the
   * settings kept in the database (the language among them) are read again.
   */
  async allReplaced(): Promise<void> {
    this.replaced += 1;
    this.changed();
    try {
      const status = await api.appStatus();
      if (isLang(status.language)) setUiLanguage(status.language);
      this.status = status;
    } catch (e) {
      reportError(e);
    }
  }

  /** Call after any change to customers, interactions, complaints or reminders. */
  changed(): void {
    this.version += 1;
    void this.refreshTags();
    void this.refreshTrashCount();
    void this.refreshCounts();
  }
}

export const appData = new AppData();

/** Shows an error that stopped an action as a toast, translated by code. */
export function reportError(e: unknown): ApiError {
  const err = api.toApiError(e);
  console.error('Clientele:', err.code, err.message);
  toasts.error(() => errorMessage(err));
  return err;
}
