// The complaint workflow's closed sets, in the order the UI offers them
// (the same words the core's `string_enum!`s and the database accept).
import type { ComplaintCategory, ComplaintStatus, Remedy, Severity } from '../../api';

export const CATEGORIES: readonly ComplaintCategory[] = ['productQuality', 'staffAttitude', 'promiseNotKept', 'delivery', 'price', 'other'];
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high'];
export const REMEDIES: readonly Remedy[] = ['refund', 'replacement', 'discount', 'apology', 'other'];

/** The moves the workflow allows from each status (as `complaints::allowed` in the core). */
export const NEXT: Record<ComplaintStatus, ComplaintStatus[]> = {
  open: ['inProgress', 'resolved'],
  inProgress: ['resolved', 'open'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};
