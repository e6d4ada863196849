// Which screen the main area shows: simple state-based routing (no router
// library). A screen with unsaved work can install a guard that is asked
// before any navigation away from it.
import type { Customer } from '../../api';

export type Route =
  | { name: 'today' }
  | { name: 'list' }
  /** `log`: open with the quick log form focused (L on a list row). */
  | { name: 'detail'; id: number; log?: boolean }
  /** `customer`: the one being edited, when already loaded (the form opens filled at once). */
  | { name: 'form'; id: number | null; customer?: Customer }
  | { name: 'complaints' }
  | { name: 'complaint'; id: number }
  /** Recording a complaint for `customerId`. */
  | { name: 'complaintForm'; customerId: number }
  | { name: 'import' }
  | { name: 'duplicates' }
  /** Merging `ids` (at least two), keeping `keep`. */
  | { name: 'merge'; ids: number[]; keep: number }
  | { name: 'insights' }
  | { name: 'trash' }
  | { name: 'settings' };

export type Section = 'today' | 'customers' | 'complaints' | 'insights' | 'trash' | 'settings';

type Guard = () => Promise<boolean>;

class Router {
  /** Today is the start screen. */
  route = $state<Route>({ name: 'today' });
  /** Where the user came from (Cancel on the form goes back there). */
  previous: Route = { name: 'today' };
  #guard: Guard | null = null;

  /** Goes to `next` unless the current screen's guard says no. */
  async go(next: Route): Promise<boolean> {
    if (this.#guard) {
      const ok = await this.#guard();
      if (!ok) return false;
      this.#guard = null;
    }
    this.previous = this.route;
    this.route = next;
    return true;
  }

  /** Installs (or with `null` removes) the leave-guard of the current screen. */
  setGuard(guard: Guard | null): void {
    this.#guard = guard;
  }

  /** The section of the sidebar the route belongs to. */
  get section(): Section {
    switch (this.route.name) {
      case 'today':
        return 'today';
      case 'complaints':
      case 'complaint':
        return 'complaints';
      case 'insights':
        return 'insights';
      case 'trash':
        return 'trash';
      case 'settings':
        return 'settings';
      default:
        return 'customers';
    }
  }

  /** Back to where the user came from, or to `fallback` when that was a form or a merge. */
  back(fallback: Route): void {
    const p = this.previous;
    // A form, or a merge already made, is not somewhere to go back to.
    const done = p.name === 'form' || p.name === 'complaintForm' || p.name === 'merge';
    void this.go(done || sameRoute(p, this.route) ? fallback : p);
  }
}

export const router = new Router();

function sameRoute(a: Route, b: Route): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
