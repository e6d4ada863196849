// What the customer list remembers while the user opens a customer and comes
// back: search text, tag filter, sort, scroll position, focused row, and the
// loaded pages (shown at once, then refreshed). The sort is also kept across
// starts of the app (localStorage).
import type { SortDir, SortField } from '../../api';
import { PagedCustomers, type ListFilter } from './pagedCustomers.svelte';

const SORT_KEY = 'clientele.sort';

function loadSort(): { sort: SortField; dir: SortDir } {
  try {
    const raw = JSON.parse(localStorage.getItem(SORT_KEY) ?? 'null') as { sort?: unknown; dir?: unknown } | null;
    const sort = raw && ['name', 'created', 'updated'].includes(raw.sort as string) ? (raw.sort as SortField) : 'name';
    const dir = raw && (raw.dir === 'asc' || raw.dir === 'desc') ? raw.dir : 'asc';
    return { sort, dir };
  } catch {
    return { sort: 'name', dir: 'asc' };
  }
}

class ListState {
  search = $state('');
  tag = $state<string | null>(null);
  sort = $state<SortField>('name');
  dir = $state<SortDir>('asc');
  scrollTop = 0;
  activeIndex = $state(0);
  /** Bumped to ask the list screen to focus its search box (Ctrl/Cmd+F). */
  focusSearchRequest = $state(0);
  /** Whether coming back to the list should put the focus on the active row. */
  returnToRow = false;
  readonly pages: PagedCustomers;

  constructor() {
    const s = loadSort();
    this.sort = s.sort;
    this.dir = s.dir;
    this.pages = new PagedCustomers(this.filter(''));
  }

  /** The filter for `search` (the debounced text) and the current tag/sort. */
  filter(search: string): ListFilter {
    return { search, tag: this.tag, sort: this.sort, dir: this.dir, trash: false };
  }

  saveSort(): void {
    try {
      localStorage.setItem(SORT_KEY, JSON.stringify({ sort: this.sort, dir: this.dir }));
    } catch {
      // Private mode or no storage: the sort just is not remembered.
    }
  }
}

export const listState = new ListState();

class TrashState {
  scrollTop = 0;
  activeIndex = $state(0);
  readonly pages = new PagedCustomers({ search: '', tag: null, sort: 'updated', dir: 'desc', trash: true });
}

export const trashState = new TrashState();
