// The words of satisfaction surveys: a dimension's name (the owner's own, or
// the built-in one in the UI language), the five levels, and what a C = b / a
// index means (the core's thresholds, insights/satisfaction.rs).
import type { SurveyDimension } from '../../api';
import { has, t } from '../../i18n/index.svelte';
import { formatNumber } from '../format';

/** The levels as the form shows them: 5 非常满意 first, 1 非常不满意 last. */
export const LEVELS = [5, 4, 3, 2, 1] as const;

/** Below this C the customer got less than they expected (core: INDEX_SATISFIED_FROM). */
export const INDEX_SATISFIED_FROM = 0.95;
/** Above this they got more (core: INDEX_DELIGHTED_ABOVE). */
export const INDEX_DELIGHTED_ABOVE = 1.05;

/** A dimension's name as shown: the owner's name when set, else the built-in one in the UI language. */
export function dimensionName(d: Pick<SurveyDimension, 'key' | 'name'>): string {
  if (d.name) return d.name;
  const key = `survey.dimensions.${d.key}`;
  return d.key && has(key) ? t(key) : (d.key ?? '');
}

/** 5 → 非常满意 / Very satisfied. */
export function levelWord(rating: number): string {
  return t(`survey.levels.${rating}`);
}

export type IndexMeaning = 'nothing' | 'dissatisfied' | 'satisfied' | 'delighted';

export function indexMeaning(c: number): IndexMeaning {
  if (c === 0) return 'nothing';
  if (c < INDEX_SATISFIED_FROM) return 'dissatisfied';
  if (c > INDEX_DELIGHTED_ABOVE) return 'delighted';
  return 'satisfied';
}

/** C to two decimals in the UI language. */
export function formatIndex(c: number): string {
  return formatNumber(Math.round(c * 100) / 100);
}
