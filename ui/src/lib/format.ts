// Dates and numbers in the current UI language (Intl), for lists and details.
import { lang, t } from '../i18n/index.svelte';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(kind: 'date' | 'dateTime' | 'birthday'): Intl.DateTimeFormat {
  const l = lang();
  const key = `${l}:${kind}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === 'dateTime'
        ? { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' }
        : kind === 'birthday'
          ? { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }
          : { year: 'numeric', month: 'short', day: 'numeric' };
    f = new Intl.DateTimeFormat(l, opts);
    cache.set(key, f);
  }
  return f;
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A timestamp as a short local date: 2024年5月1日 / May 1, 2024. */
export function formatDate(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? dateFormat('date').format(d) : '';
}

/** A timestamp as a local date and time. */
export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? dateFormat('dateTime').format(d) : '';
}

/** A calendar date (`YYYY-MM-DD`, no time zone) in words; the raw text if it is not one. */
export function formatBirthday(ymd: string | null | undefined): string {
  if (!ymd) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? ymd : dateFormat('birthday').format(d);
}

/** Whole years from a `YYYY-MM-DD` birthday to today, or null. */
export function ageFrom(ymd: string | null | undefined, today = new Date()): number | null {
  const m = ymd ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd) : null;
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < mo || (today.getMonth() + 1 === mo && today.getDate() < d)) age -= 1;
  return age >= 0 ? age : null;
}

/** 1234 → 1,234 in the current language. */
export function formatNumber(n: number): string {
  const l = lang();
  let f = cache.get(`${l}:n`) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(l);
    cache.set(`${l}:n`, f);
  }
  return f.format(n);
}

/** A file size: 980 KB, 12.4 MB (decimal units, as file managers show them). */
export function formatSize(bytes: number): string {
  const l = lang();
  if (bytes < 1_000_000) {
    return `${new Intl.NumberFormat(l).format(Math.max(1, Math.ceil(bytes / 1000)))} KB`;
  }
  const mb = new Intl.NumberFormat(l, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  return `${mb.format(bytes / 1_000_000)} MB`;
}

/** Hundredths of a yuan as money: 12850 → ¥128.50 (CNY in every UI language). */
export function formatMoney(cents: number): string {
  const l = lang();
  let f = cache.get(`${l}:cny`) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(l, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' });
    cache.set(`${l}:cny`, f);
  }
  return f.format(cents / 100);
}

const relCache = new Map<string, Intl.RelativeTimeFormat>();

/** How long ago a timestamp was, in words: 3天前 / 3 days ago; '' if not a timestamp. */
export function formatAgo(iso: string | null | undefined, now = new Date()): string {
  const d = parse(iso);
  if (!d) return '';
  const l = lang();
  let f = relCache.get(l);
  if (!f) {
    f = new Intl.RelativeTimeFormat(l, { numeric: 'auto' });
    relCache.set(l, f);
  }
  const secs = Math.round((d.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(secs);
  if (abs < 60) return t('time.justNow');
  if (abs < 3600) return f.format(Math.round(secs / 60), 'minute');
  if (abs < 86400) return f.format(Math.round(secs / 3600), 'hour');
  // Calendar days, so "yesterday" means the day before today here.
  const day = (x: Date) => Date.UTC(x.getFullYear(), x.getMonth(), x.getDate()) / 86400000;
  const days = day(d) - day(now);
  if (Math.abs(days) < 30) return f.format(days, 'day');
  if (Math.abs(days) < 365) return f.format(Math.round(days / 30), 'month');
  return f.format(Math.round(days / 365), 'year');
}

type Segmenter = { segment(s: string): Iterable<{ segment: string }> };
/** Made once: building a segmenter costs far more than using one (every avatar asks). */
let graphemes: Segmenter | null | undefined;

/** The first character a person sees (emoji and CJK included), for avatars. */
export function initial(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  if (graphemes === undefined) {
    const Seg = (Intl as unknown as { Segmenter?: new (l?: string, o?: object) => Segmenter }).Segmenter;
    graphemes = Seg ? new Seg(undefined, { granularity: 'grapheme' }) : null;
  }
  if (graphemes) {
    for (const s of graphemes.segment(trimmed.slice(0, 32))) {
      return s.segment.toUpperCase();
    }
  }
  return (Array.from(trimmed)[0] ?? '?').toUpperCase();
}

/** A calendar date (`YYYY-MM-DD`) in words, like a birthday. */
export const formatDay = formatBirthday;

/** Today's local calendar date as `YYYY-MM-DD`. */
export function localToday(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** Whole days from calendar date `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** `YYYY-MM-DD` moved by `days`. */
export function addDays(ymd: string, days: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A share (0.423) as a percentage in the current language: 42.3%. */
export function formatPercent(share: number, digits = 1): string {
  const l = lang();
  const key = `${l}:pct${digits}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(l, { style: 'percent', maximumFractionDigits: digits });
    cache.set(key, f);
  }
  return f.format(share);
}

/** A month (`YYYY-MM`) in words: 2026年11月 / Nov 2026. */
export function formatMonth(ym: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(ym);
  if (!m) return ym;
  const l = lang();
  const key = `${l}:month`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(l, { year: 'numeric', month: 'short', timeZone: 'UTC' });
    cache.set(key, f);
  }
  return f.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** Money in whole yuan for chart axes: 60000_00 → ¥60,000. */
export function formatMoneyShort(cents: number): string {
  const l = lang();
  let f = cache.get(`${l}:cny0`) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(l, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 });
    cache.set(`${l}:cny0`, f);
  }
  return f.format(cents / 100);
}
