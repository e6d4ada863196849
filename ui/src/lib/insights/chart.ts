// Chart.js, with only the pieces the Insights screen draws (bars and lines
// on category and linear axes), themed from app.css's colour variables so
// the charts follow the light and dark looks.
import { lang } from '../../i18n/index.svelte';

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);

export { Chart };
export type { ChartConfiguration } from 'chart.js';

/** A colour from app.css (`--accent` …), read now so a theme change is followed on the next draw. */
export function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** The app's font, grid and text colours for every chart. */
export function applyTheme(): void {
  const root = getComputedStyle(document.documentElement);
  Chart.defaults.font.family = root.getPropertyValue('--font').trim() || 'sans-serif';
  Chart.defaults.font.size = 12;
  Chart.defaults.color = cssColor('--text-muted');
  Chart.defaults.borderColor = cssColor('--border');
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
}

/**
 * Month labels for an axis, short enough to stand upright: the year only
 * where it changes (2025年12月, 1月, 2月 … / Dec 2025, Jan, Feb …).
 */
export function monthAxis(months: string[]): string[] {
  const l = lang();
  const full = new Intl.DateTimeFormat(l, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const short = new Intl.DateTimeFormat(l, { month: 'short', timeZone: 'UTC' });
  return months.map((ym, i) => {
    const [y, m] = ym.split('-').map(Number);
    const d = new Date(Date.UTC(y, m - 1, 1));
    return i === 0 || m === 1 ? full.format(d) : short.format(d);
  });
}
