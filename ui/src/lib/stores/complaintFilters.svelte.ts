// The complaints list's filters, kept while the user opens a complaint and
// comes back.
import type { ComplaintCategory, ComplaintStatus } from '../../api';

/** `unfinished`: open or in progress (the default: what still needs work). */
export type StatusChoice = 'unfinished' | 'all' | ComplaintStatus;

class ComplaintFilters {
  status = $state<StatusChoice>('unfinished');
  category = $state<ComplaintCategory | null>(null);
  overdue = $state(false);
}

export const complaintFilters = new ComplaintFilters();
