// Which screen the main area shows: simple state-based routing (no router
// library). A screen with unsaved work can install a guard that is asked
// before any navigation away from it.
import type { Customer } from '../../api';

export type Route =
  | { name: 'list' }
  | { name: 'detail'; id: number }
  /** `customer`: the one being edited, when already loaded (the form opens filled at once). */
  | { name: 'form'; id: number | null; customer?: Customer }
  | { name: 'trash' }
  | { name: 'settings' };

type Guard = () => Promise<boolean>;

class Router {
  route = $state<Route>({ name: 'list' });
  /** Where the user came from (Cancel on the form goes back there). */
  previous: Route = { name: 'list' };
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
  get section(): 'customers' | 'trash' | 'settings' {
    const n = this.route.name;
    return n === 'trash' ? 'trash' : n === 'settings' ? 'settings' : 'customers';
  }
}

export const router = new Router();
