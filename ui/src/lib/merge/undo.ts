// Undoing a merge, from the toast after merging or from the recent merges:
// one place for the call, the refresh and the message.
import * as api from '../../api';
import { t } from '../../i18n/index.svelte';
import { appData, reportError } from '../stores/data.svelte';
import { toasts } from '../stores/toasts.svelte';
import { shorten } from '../text';

/** The key of a merge's toasts, so the undone message replaces the Undo offer. */
export function mergeToastKey(batch: number): string {
  return `merge-${batch}`;
}

/** Undoes merge `batch` (kept customer named `keptName`); whether it worked. */
export async function undoMerge(batch: number, keptName: string): Promise<boolean> {
  try {
    const r = await api.undoMerge(batch);
    appData.changed();
    const name = shorten(keptName);
    toasts.success(
      () => (r.keptRestored ? t('merge.undone', { count: r.customersBack, name }) : t('merge.undoneKeptEdited', { count: r.customersBack, name })),
      { key: mergeToastKey(batch) },
    );
    return true;
  } catch (e) {
    reportError(e);
    return false;
  }
}
