// Turns the core's errors into sentences in the user's language: whole-action
// errors by `code`, form problems by field + rule (+ limit).
import type { ApiError, FieldError } from '../api';
import { has, t } from './index.svelte';

/** A message for an error that stopped an action (toast / banner). */
export function errorMessage(e: ApiError): string {
  const key = `errors.${e.code}`;
  return has(key) ? t(key) : t('errors.unknown', { code: e.code });
}

/** The message shown next to a field, e.g. 邮箱格式不正确 / "Not a valid email address". */
export function fieldMessage(fe: FieldError): string {
  const limit = fe.limit ?? 0;
  const specific = `validation.${fe.field}.${fe.rule}`;
  if (has(specific)) return t(specific, { limit });
  const fieldKey = `fields.${fe.field}`;
  const field = has(fieldKey) ? t(fieldKey) : fe.field;
  const generic = `validation.generic.${fe.rule}`;
  return has(generic) ? t(generic, { field, limit }) : t('validation.generic.invalid', { field, limit });
}
