// The customer fields a column can go to, in the order the mapping menu lists them.
import type { ImportField } from '../../api';

export const IMPORT_FIELDS: readonly ImportField[] = [
  'name',
  'phones',
  'email',
  'company',
  'address',
  'birthday',
  'gender',
  'source',
  'tags',
  'contactCycleDays',
  'notes',
];

/** Fields several columns may fill together (the core combines them); the others take one column. */
export const MANY_COLUMN_FIELDS: readonly ImportField[] = ['phones', 'tags', 'notes', 'skip'];
