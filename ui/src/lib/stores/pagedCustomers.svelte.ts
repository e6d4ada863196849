// A lazily loaded list of customers: pages of PAGE_SIZE rows fetched by
// offset as the visible range needs them, `total` kept from every response
// so the virtual list can size itself for all matches at once.
import * as api from '../../api';
import type { CustomerQuery, CustomerRow } from '../../api';
import { PAGE_SIZE } from '../../api';
import { reportError } from './data.svelte';

/** The query without the page window. */
export type ListFilter = Omit<CustomerQuery, 'offset' | 'limit'>;

function sameFilter(a: ListFilter, b: ListFilter): boolean {
  return a.search === b.search && a.tag === b.tag && a.sort === b.sort && a.dir === b.dir && a.trash === b.trash;
}

export class PagedCustomers {
  /** Matches in all; null until the first page arrived. */
  total = $state<number | null>(null);
  /** Loaded pages by page number. Replaced (not mutated) on every change. */
  pages = $state.raw(new Map<number, CustomerRow[]>());
  /** The filter the loaded pages belong to. */
  loadedFilter = $state.raw<ListFilter | null>(null);
  failed = $state(false);
  /** When the first page of the last reload came back (performance.now), for the latency script. */
  repliedAt = 0;

  #filter: ListFilter;
  #generation = 0;
  #pending = new Set<number>();
  /** Pages shown from before a refresh of the same filter, to be fetched again. */
  #stale = new Set<number>();
  #range: [number, number] = [0, 0];
  #ensureTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(filter: ListFilter) {
    this.#filter = filter;
  }

  get filter(): ListFilter {
    return this.#filter;
  }

  /** The row at `index`, if its page is loaded. */
  rowAt(index: number): CustomerRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /**
   * Starts over with a new filter (or the same one after data changed).
   * The old rows stay shown until the first new page arrives; `aroundIndex`
   * picks which page to fetch first (the one in view).
   */
  reload(filter: ListFilter = this.#filter, aroundIndex = 0): Promise<void> {
    this.#filter = filter;
    this.#generation += 1;
    this.#pending.clear();
    const page = Math.max(0, Math.floor(aroundIndex / PAGE_SIZE));
    return this.#fetch(page, true);
  }

  /** Sets the filter; reloads only if it changed. Returns the reload, or null if there was none. */
  setFilter(filter: ListFilter): Promise<void> | null {
    if (sameFilter(filter, this.#filter) && this.total !== null) return null;
    return this.reload(filter, 0);
  }

  /**
   * Makes sure the pages covering rows `start..=end` are loaded or loading.
   * Coalesced over a few milliseconds, so dragging the scrollbar across
   * thousands of rows fetches only the pages where it stops.
   */
  ensure(start: number, end: number): void {
    this.#range = [start, end];
    if (this.#ensureTimer !== null) return;
    this.#ensureTimer = setTimeout(() => {
      this.#ensureTimer = null;
      this.#ensureNow();
    }, 40);
  }

  #ensureNow(): void {
    const [start, end] = this.#range;
    if (this.total === null) return;
    const last = Math.min(end, this.total - 1);
    if (last < 0) return;
    for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) {
      if ((!this.pages.has(p) || this.#stale.has(p)) && !this.#pending.has(p)) void this.#fetch(p, false);
    }
  }

  async #fetch(page: number, replace: boolean): Promise<void> {
    const gen = this.#generation;
    this.#pending.add(page);
    const filter = this.#filter;
    try {
      const res = await api.listCustomers({ ...filter, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      if (gen !== this.#generation) return;
      if (replace) this.repliedAt = performance.now();
      let next: Map<number, CustomerRow[]>;
      if (replace && this.loadedFilter && sameFilter(this.loadedFilter, filter)) {
        // A refresh: keep the other pages on screen until their fresh copies arrive.
        next = new Map(this.pages);
        this.#stale = new Set(next.keys());
      } else if (replace) {
        next = new Map();
        this.#stale.clear();
      } else {
        next = new Map(this.pages);
      }
      next.set(page, res.rows);
      this.#stale.delete(page);
      this.pages = next;
      this.total = res.total;
      this.loadedFilter = filter;
      this.failed = false;
      if (replace) this.#ensureNow();
    } catch (e) {
      if (gen !== this.#generation) return;
      this.failed = true;
      reportError(e);
    } finally {
      if (gen === this.#generation) this.#pending.delete(page);
    }
  }
}
