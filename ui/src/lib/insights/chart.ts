// Chart.js, with only the pieces the Insights screen draws (bars and lines
// on category and linear axes), themed from app.css's colour variables so
// the charts follow the light and dark looks.
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
