// Whether the quick search palette (Ctrl/Cmd+K, QuickSearch.svelte) is open:
// the shortcut in App.svelte and the sidebar's button open it.
class QuickSearchState {
  open = $state(false);
}

export const quickSearch = new QuickSearchState();
