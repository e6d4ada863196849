// The UI's two languages: i18next holds the tables (zh-CN.json, en.json) and
// a Svelte 5 rune holds the current language, so every `t(...)` read in a
// template re-renders when the language changes.
import i18next, { type TOptions } from 'i18next';

import type { Lang } from '../api';
import en from './en.json';
import zhCN from './zh-CN.json';

export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

let current = $state<Lang>('zh-CN');

void i18next.init({
  resources: {
    'zh-CN': { translation: zhCN },
    en: { translation: en },
  },
  lng: 'zh-CN',
  fallbackLng: 'en',
  supportedLngs: ['zh-CN', 'en'],
  load: 'currentOnly',
  // Synchronous: the tables are bundled, nothing is fetched.
  initAsync: false,
  // Svelte renders every string as text; there is no HTML to escape for.
  interpolation: { escapeValue: false },
});

/** Translates `key` in the current language (reactive in templates and effects). */
export function t(key: string, options?: TOptions): string {
  const lng = current;
  return i18next.t(key, { ...options, lng }) as string;
}

/** Whether the tables have `key` (used for per-field validation messages). */
export function has(key: string): boolean {
  return i18next.exists(key, { lng: current });
}

/** The language now shown. */
export function lang(): Lang {
  return current;
}

export function isLang(v: unknown): v is Lang {
  return v === 'zh-CN' || v === 'en';
}

/** Switches the UI language at once (persisting is the caller's business). */
export function setUiLanguage(next: Lang): void {
  current = next;
  void i18next.changeLanguage(next);
  document.documentElement.lang = next;
}
