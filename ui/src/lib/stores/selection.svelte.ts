// Which customers of the list are ticked: a set of ids, or "every customer
// matching the list's filter" minus a set of ids left out. Kept as one set and
// a flag (never an object per row), so ticking all of 100,000 is instant and
// the core resolves "all matching" itself, inside its transaction.
import { SvelteSet } from 'svelte/reactivity';

import type { CustomerSelection } from '../../api';
import type { ListFilter } from './pagedCustomers.svelte';

class Selection {
  /** Every customer matching the filter, except `ids`. */
  all = $state(false);
  /** Ticked ids; with `all`, the ones left out. */
  readonly ids = new SvelteSet<number>();
  /** The row a Shift-click range starts from. */
  anchor: number | null = null;

  has(id: number): boolean {
    return this.all !== this.ids.has(id);
  }

  /** How many are ticked, out of `total` matching. */
  count(total: number): number {
    return this.all ? Math.max(0, total - this.ids.size) : this.ids.size;
  }

  get empty(): boolean {
    return !this.all && this.ids.size === 0;
  }

  toggle(id: number, index: number): void {
    if (this.ids.has(id)) this.ids.delete(id);
    else this.ids.add(id);
    this.anchor = index;
  }

  /** Ticks (or, if `on` is false, unticks) every id given. */
  set(ids: number[], on: boolean): void {
    // With `all`, ticking means taking off the left-out list.
    const add = on !== this.all;
    for (const id of ids) {
      if (add) this.ids.add(id);
      else this.ids.delete(id);
    }
  }

  selectAll(): void {
    this.all = true;
    this.ids.clear();
  }

  clear(): void {
    this.all = false;
    this.ids.clear();
    this.anchor = null;
  }

  /** What the core is sent for `filter`. */
  toCore(filter: ListFilter): CustomerSelection {
    return {
      query: { ...filter, offset: 0, limit: 1 },
      allMatching: this.all,
      ids: [...this.ids],
    };
  }
}

export const selection = new Selection();
