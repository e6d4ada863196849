// The Insights screen's periods: this month, the last 12 months (this one
// included), all time, or two dates the owner types.
import type { InsightsQuery } from '../../api';
import { localToday } from '../format';

export type PeriodPreset = 'month' | 'year' | 'all' | 'custom';

export const PRESETS: readonly PeriodPreset[] = ['month', 'year', 'all', 'custom'];

/** The first day of the month `back` months before today's. */
function monthStart(today: string, back: number): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7)) - 1 - back;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 10);
}

/** The query for a preset (custom ones are built from the typed dates). */
export function presetQuery(preset: Exclude<PeriodPreset, 'custom'>, today = localToday()): InsightsQuery {
  switch (preset) {
    case 'month':
      return { from: monthStart(today, 0), to: null };
    case 'year':
      return { from: monthStart(today, 11), to: null };
    case 'all':
      return { from: null, to: null };
  }
}

/** A typed date as the core takes it (`YYYY-MM-DD`, a real day), or null. */
export function parseYmd(text: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}
