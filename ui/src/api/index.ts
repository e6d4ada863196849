// The only door to the Rust core: typed wrappers around Tauri's `invoke`.
// Screens call these functions and never `invoke` directly. Every rejection
// is normalised to an ApiError so the UI can always translate it by `code`.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';

import type { ApiError } from './bindings/ApiError';
import type { AppStatus } from './bindings/AppStatus';
import type { BackupInfo } from './bindings/BackupInfo';
import type { Customer } from './bindings/Customer';
import type { CustomerInput } from './bindings/CustomerInput';
import type { ContactMatch } from './bindings/ContactMatch';
import type { CustomerPage } from './bindings/CustomerPage';
import type { CustomerQuery } from './bindings/CustomerQuery';
import type { ExportReport } from './bindings/ExportReport';
import type { Interaction } from './bindings/Interaction';
import type { InteractionInput } from './bindings/InteractionInput';
import type { Lang } from './bindings/Lang';
import type { TagCount } from './bindings/TagCount';
import type { Complaint } from './bindings/Complaint';
import type { ComplaintFilter } from './bindings/ComplaintFilter';
import type { ComplaintInput } from './bindings/ComplaintInput';
import type { ComplaintMove } from './bindings/ComplaintMove';
import type { ComplaintSettings } from './bindings/ComplaintSettings';
import type { Completed } from './bindings/Completed';
import type { ContactDue } from './bindings/ContactDue';
import type { Reminder } from './bindings/Reminder';
import type { ReminderInput } from './bindings/ReminderInput';
import type { RestoreReport } from './bindings/RestoreReport';
import type { Snooze } from './bindings/Snooze';
import type { TimelineEntry } from './bindings/TimelineEntry';
import type { Today } from './bindings/Today';
import type { WorkbookReport } from './bindings/WorkbookReport';
import type { ImportBatch } from './bindings/ImportBatch';
import type { ImportOptions } from './bindings/ImportOptions';
import type { ImportPreview } from './bindings/ImportPreview';
import type { ImportReport } from './bindings/ImportReport';
import type { ImportSummary } from './bindings/ImportSummary';
import type { UndoReport } from './bindings/UndoReport';
import type { Duplicates } from './bindings/Duplicates';
import type { MergeOutcome } from './bindings/MergeOutcome';
import type { MergePreview } from './bindings/MergePreview';
import type { MergeRecord } from './bindings/MergeRecord';
import type { MergeRequest } from './bindings/MergeRequest';
import type { MergeUndoReport } from './bindings/MergeUndoReport';
import type { BulkAction } from './bindings/BulkAction';
import type { BulkChange } from './bindings/BulkChange';
import type { BulkReport } from './bindings/BulkReport';
import type { BulkUndoReport } from './bindings/BulkUndoReport';
import type { CustomerSelection } from './bindings/CustomerSelection';
import type { CustomerLoyalty } from './bindings/CustomerLoyalty';
import type { Insights } from './bindings/Insights';
import type { InsightsQuery } from './bindings/InsightsQuery';
import type { InsightsReport } from './bindings/InsightsReport';
import type { LatestRating } from './bindings/LatestRating';
import type { Survey } from './bindings/Survey';
import type { SurveyDimension } from './bindings/SurveyDimension';
import type { SurveyInput } from './bindings/SurveyInput';

export type { ApiError } from './bindings/ApiError';
export type { BulkAction } from './bindings/BulkAction';
export type { BulkChange } from './bindings/BulkChange';
export type { BulkReport } from './bindings/BulkReport';
export type { BulkUndoReport } from './bindings/BulkUndoReport';
export type { CustomerSelection } from './bindings/CustomerSelection';
export type { AppStatus } from './bindings/AppStatus';
export type { BackupInfo } from './bindings/BackupInfo';
export type { BackupKind } from './bindings/BackupKind';
export type { Customer } from './bindings/Customer';
export type { CustomerInput } from './bindings/CustomerInput';
export type { ContactMatch } from './bindings/ContactMatch';
export type { CustomerPage } from './bindings/CustomerPage';
export type { CustomerQuery } from './bindings/CustomerQuery';
export type { CustomerRow } from './bindings/CustomerRow';
export type { ExportReport } from './bindings/ExportReport';
export type { FieldError } from './bindings/FieldError';
export type { Gender } from './bindings/Gender';
export type { Interaction } from './bindings/Interaction';
export type { InteractionInput } from './bindings/InteractionInput';
export type { InteractionKind } from './bindings/InteractionKind';
export type { Lang } from './bindings/Lang';
export type { SortDir } from './bindings/SortDir';
export type { SortField } from './bindings/SortField';
export type { TagCount } from './bindings/TagCount';
export type { Birthday } from './bindings/Birthday';
export type { Complaint } from './bindings/Complaint';
export type { ComplaintCategory } from './bindings/ComplaintCategory';
export type { ComplaintFilter } from './bindings/ComplaintFilter';
export type { ComplaintInput } from './bindings/ComplaintInput';
export type { ComplaintMove } from './bindings/ComplaintMove';
export type { ComplaintSettings } from './bindings/ComplaintSettings';
export type { ComplaintStatus } from './bindings/ComplaintStatus';
export type { ComplaintStep } from './bindings/ComplaintStep';
export type { Completed } from './bindings/Completed';
export type { ContactDue } from './bindings/ContactDue';
export type { CycleState } from './bindings/CycleState';
export type { RecentContact } from './bindings/RecentContact';
export type { Remedy } from './bindings/Remedy';
export type { Reminder } from './bindings/Reminder';
export type { ReminderInput } from './bindings/ReminderInput';
export type { Repeat } from './bindings/Repeat';
export type { RestoreReport } from './bindings/RestoreReport';
export type { RepeatRule } from './bindings/RepeatRule';
export type { RepeatUnit } from './bindings/RepeatUnit';
export type { Severity } from './bindings/Severity';
export type { Snooze } from './bindings/Snooze';
export type { TimelineEntry } from './bindings/TimelineEntry';
export type { Today } from './bindings/Today';
export type { WorkbookReport } from './bindings/WorkbookReport';
export type { DuplicateRow } from './bindings/DuplicateRow';
export type { ImportBatch } from './bindings/ImportBatch';
export type { ImportColumn } from './bindings/ImportColumn';
export type { ImportField } from './bindings/ImportField';
export type { ImportOptions } from './bindings/ImportOptions';
export type { ImportPreview } from './bindings/ImportPreview';
export type { ImportReport } from './bindings/ImportReport';
export type { ImportSummary } from './bindings/ImportSummary';
export type { OnDuplicate } from './bindings/OnDuplicate';
export type { RowIssue } from './bindings/RowIssue';
export type { UndoReport } from './bindings/UndoReport';
export type { DuplicateCustomer } from './bindings/DuplicateCustomer';
export type { DuplicateEvidence } from './bindings/DuplicateEvidence';
export type { DuplicateGroup } from './bindings/DuplicateGroup';
export type { Duplicates } from './bindings/Duplicates';
export type { EvidenceKind } from './bindings/EvidenceKind';
export type { MergeCandidate } from './bindings/MergeCandidate';
export type { MergeChoices } from './bindings/MergeChoices';
export type { MergeField } from './bindings/MergeField';
export type { MergeOutcome } from './bindings/MergeOutcome';
export type { MergePreview } from './bindings/MergePreview';
export type { MergeRecord } from './bindings/MergeRecord';
export type { MergeRequest } from './bindings/MergeRequest';
export type { MergeUndoReport } from './bindings/MergeUndoReport';
export type { MergedName } from './bindings/MergedName';
export type { AwaitingSurvey } from './bindings/AwaitingSurvey';
export type { CategoryCount } from './bindings/CategoryCount';
export type { ComplaintFigures } from './bindings/ComplaintFigures';
export type { CurvePoint } from './bindings/CurvePoint';
export type { CustomerLoyalty } from './bindings/CustomerLoyalty';
export type { DimensionFigures } from './bindings/DimensionFigures';
export type { DriftBasis } from './bindings/DriftBasis';
export type { DriftingCustomer } from './bindings/DriftingCustomer';
export type { IndexFigures } from './bindings/IndexFigures';
export type { Insights } from './bindings/Insights';
export type { InsightsQuery } from './bindings/InsightsQuery';
export type { LatestRating } from './bindings/LatestRating';
export type { LoyaltyFigures } from './bindings/LoyaltyFigures';
export type { MonthCount } from './bindings/MonthCount';
export type { MonthRate } from './bindings/MonthRate';
export type { MonthRetention } from './bindings/MonthRetention';
export type { MonthRevenue } from './bindings/MonthRevenue';
export type { ParetoFigures } from './bindings/ParetoFigures';
export type { Rating } from './bindings/Rating';
export type { RatingCounts } from './bindings/RatingCounts';
export type { SatisfactionFigures } from './bindings/SatisfactionFigures';
export type { Segment } from './bindings/Segment';
export type { SegmentFigures } from './bindings/SegmentFigures';
export type { Survey } from './bindings/Survey';
export type { SurveyDimension } from './bindings/SurveyDimension';
export type { SurveyInput } from './bindings/SurveyInput';
export type { TagShare } from './bindings/TagShare';
export type { TopCustomer } from './bindings/TopCustomer';
export type { ValueFigures } from './bindings/ValueFigures';

/**
 * How many rows the list asks for at a time: a window and a half, so a
 * keystroke's answer carries little beyond what is on screen.
 */
export const PAGE_SIZE = 50;

/** The code used when a rejection did not come from the core (IPC failure, missing permission…). */
export const UNEXPECTED = 'unexpected';

/** Whether `e` has the shape of the core's ApiError. */
export function isApiError(e: unknown): e is ApiError {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return typeof o.code === 'string' && typeof o.message === 'string' && Array.isArray(o.fields);
}

/** Any thrown value as an ApiError (the core's own, or `unexpected` with the text). */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  if (typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string') {
    const o = e as { code: string; message?: unknown };
    return { code: o.code, message: String(o.message ?? ''), fields: [] };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: UNEXPECTED, message, fields: [] };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}

/** Which database, whether it opened, which language. Called first. */
export function appStatus(): Promise<AppStatus> {
  return call<AppStatus>('app_status');
}

/** Keeps the user's language choice in the database. */
export async function setLanguage(language: Lang): Promise<void> {
  await call<null>('set_language', { language });
}

export function listCustomers(query: CustomerQuery): Promise<CustomerPage> {
  return call<CustomerPage>('list_customers', { query });
}

export function getCustomer(id: number): Promise<Customer> {
  return call<Customer>('get_customer', { id });
}

export function createCustomer(input: CustomerInput): Promise<Customer> {
  return call<Customer>('create_customer', { input });
}

export function updateCustomer(id: number, input: CustomerInput): Promise<Customer> {
  return call<Customer>('update_customer', { id, input });
}

/** Moves a customer to the trash (undoable with `restoreCustomer`). */
export async function trashCustomer(id: number): Promise<void> {
  await call<null>('trash_customer', { id });
}

export async function restoreCustomer(id: number): Promise<void> {
  await call<null>('restore_customer', { id });
}

/** Deletes a trashed customer for good. */
export async function purgeCustomer(id: number): Promise<void> {
  await call<null>('purge_customer', { id });
}

/** A customer's live interactions, newest first. */
export function listInteractions(customerId: number): Promise<Interaction[]> {
  return call<Interaction[]>('list_interactions', { customerId });
}

export function addInteraction(customerId: number, input: InteractionInput): Promise<Interaction> {
  return call<Interaction>('add_interaction', { customerId, input });
}

export function updateInteraction(id: number, input: InteractionInput): Promise<Interaction> {
  return call<Interaction>('update_interaction', { id, input });
}

/** Moves an interaction to the trash (undoable with `restoreInteraction`). */
export async function trashInteraction(id: number): Promise<void> {
  await call<null>('trash_interaction', { id });
}

export async function restoreInteraction(id: number): Promise<void> {
  await call<null>('restore_interaction', { id });
}

/** Everything on a customer's timeline, newest first. */
export function timeline(customerId: number): Promise<TimelineEntry[]> {
  return call<TimelineEntry[]>('timeline', { customerId });
}

/** What needs the owner today (the start screen). */
export function today(): Promise<Today> {
  return call<Today>('today');
}

export function listComplaints(filter: ComplaintFilter): Promise<Complaint[]> {
  return call<Complaint[]>('list_complaints', { filter });
}

export function getComplaint(id: number): Promise<Complaint> {
  return call<Complaint>('get_complaint', { id });
}

export function recordComplaint(customerId: number, input: ComplaintInput): Promise<Complaint> {
  return call<Complaint>('record_complaint', { customerId, input });
}

/** One step of the workflow (open → in progress → resolved → closed, reopen). */
export function moveComplaint(id: number, step: ComplaintMove): Promise<Complaint> {
  return call<Complaint>('move_complaint', { id, step });
}

export function complaintSettings(): Promise<ComplaintSettings> {
  return call<ComplaintSettings>('complaint_settings');
}

export function setComplaintSettings(settings: ComplaintSettings): Promise<ComplaintSettings> {
  return call<ComplaintSettings>('set_complaint_settings', { settings });
}

/** A customer's open reminders, soonest first. */
export function listReminders(customerId: number): Promise<Reminder[]> {
  return call<Reminder[]>('list_reminders', { customerId });
}

/** Where a customer stands in their contact cycle (`null` without one). */
export function contactDue(customerId: number): Promise<ContactDue | null> {
  return call<ContactDue | null>('contact_due', { customerId });
}

export function addReminder(customerId: number, input: ReminderInput): Promise<Reminder> {
  return call<Reminder>('add_reminder', { customerId, input });
}

export function updateReminder(id: number, input: ReminderInput): Promise<Reminder> {
  return call<Reminder>('update_reminder', { id, input });
}

/** Marks a reminder done; `log`, when given, is logged as an interaction in the same step. */
export function completeReminder(id: number, log: InteractionInput | null): Promise<Completed> {
  return call<Completed>('complete_reminder', { id, log });
}

export function snoozeReminder(id: number, snooze: Snooze): Promise<Reminder> {
  return call<Reminder>('snooze_reminder', { id, snooze });
}

/** Moves a reminder to the trash (undoable with `restoreReminder`). */
export async function trashReminder(id: number): Promise<void> {
  await call<null>('trash_reminder', { id });
}

export function restoreReminder(id: number): Promise<Reminder> {
  return call<Reminder>('restore_reminder', { id });
}

export function listTags(): Promise<TagCount[]> {
  return call<TagCount[]>('list_tags');
}

/**
 * Writes the customers matching `query` to an .xlsx file the user picks in a
 * native save dialog (opened by the core). `null` when the user cancelled.
 */
export function exportCustomers(query: CustomerQuery, language: Lang): Promise<ExportReport | null> {
  return call<ExportReport | null>('export_customers', { query, language });
}

/**
 * Does one change to every selected customer (one transaction in the core);
 * the report's `batchId` undoes it.
 */
export function bulkChange(selection: CustomerSelection, action: BulkAction): Promise<BulkReport> {
  return call<BulkReport>('bulk_change', { selection, action });
}

/** Takes a bulk change back (customers changed since are left as they are). */
export function undoBulkChange(batchId: number): Promise<BulkUndoReport> {
  return call<BulkUndoReport>('undo_bulk_change', { batchId });
}

/** Past bulk changes, newest first. */
export function listBulkChanges(): Promise<BulkChange[]> {
  return call<BulkChange[]>('list_bulk_changes');
}

/** Writes just the selected customers to an .xlsx the user picks; `null` when cancelled. */
export function exportSelection(selection: CustomerSelection, language: Lang): Promise<ExportReport | null> {
  return call<ExportReport | null>('export_selection', { selection, language });
}

/**
 * Writes every record (customers, interactions, complaints, reminders; one
 * sheet each) to an .xlsx the user picks. `null` when the user cancelled.
 */
/** The insights workbook for a period, where a save dialog says; `null` when cancelled. */
export function exportInsights(query: InsightsQuery, language: Lang): Promise<InsightsReport | null> {
  return call<InsightsReport | null>('export_insights', { query, language });
}

export function exportWorkbook(language: Lang): Promise<WorkbookReport | null> {
  return call<WorkbookReport | null>('export_workbook', { language });
}

/** The spreadsheet to import, from a native open dialog; `null` when cancelled. */
export function pickImportFile(language: Lang): Promise<string | null> {
  return call<string | null>('pick_import_file', { language });
}

/** How the file would be read: sheets, header row, a field per column, first rows. */
export function previewImport(path: string, options: ImportOptions): Promise<ImportPreview> {
  return call<ImportPreview>('preview_import', { path, options });
}

/** What importing would add, update, skip and refuse; changes nothing. */
export function dryRunImport(path: string, options: ImportOptions): Promise<ImportSummary> {
  return call<ImportSummary>('dry_run_import', { path, options });
}

/** Imports in one transaction; `import-progress` events report `[done, total]`. */
export function runImport(path: string, options: ImportOptions): Promise<ImportReport> {
  return call<ImportReport>('run_import', { path, options });
}

/** Calls `handler(done, total)` while an import writes; returns the unsubscribe. */
export async function onImportProgress(handler: (done: number, total: number) => void): Promise<() => void> {
  return listen<[number, number]>('import-progress', (e) => handler(e.payload[0], e.payload[1]));
}

/** Live customers, other than `except`, who already have one of `input`'s phones or its email. */
export function contactMatches(input: CustomerInput, except: number | null): Promise<ContactMatch[]> {
  return call<ContactMatch[]>('contact_matches', { input, except });
}

/** Past imports, newest first. */
export function listImports(): Promise<ImportBatch[]> {
  return call<ImportBatch[]>('list_imports');
}

/** Takes an import back as one batch. */
export function undoImport(batchId: number): Promise<UndoReport> {
  return call<UndoReport>('undo_import', { batchId });
}

/** Groups of live customers who are probably the same person, with the evidence. */
export function findDuplicates(): Promise<Duplicates> {
  return call<Duplicates>('find_duplicates');
}

/** Each customer's values side by side, and the combined phones, tags and notes. */
export function mergePreview(request: MergeRequest): Promise<MergePreview> {
  return call<MergePreview>('merge_preview', { request });
}

/** Merges `request.others` into `request.keep` as one undoable change. */
export function mergeCustomers(request: MergeRequest): Promise<MergeOutcome> {
  return call<MergeOutcome>('merge_customers', { request });
}

/** Takes a merge back: the merged customers and their records return. */
export function undoMerge(batch: number): Promise<MergeUndoReport> {
  return call<MergeUndoReport>('undo_merge', { batch });
}

/** The latest merges, newest first (undone ones too). */
export function recentMerges(): Promise<MergeRecord[]> {
  return call<MergeRecord[]>('recent_merges');
}

/** Two customer ids, the smaller first. */
export type CustomerPair = [number, number];

/** Says these customers are different people: Find duplicates stops grouping them. Returns the pairs marked, for Undo. */
export function markNotDuplicates(ids: number[]): Promise<CustomerPair[]> {
  return call<CustomerPair[]>('mark_not_duplicates', { ids });
}

/** Undoes markNotDuplicates. */
export async function unmarkNotDuplicates(pairs: CustomerPair[]): Promise<void> {
  await call<null>('unmark_not_duplicates', { pairs });
}

/** The backups in the data folder's backups folder, newest first. */
export function listBackups(): Promise<BackupInfo[]> {
  return call<BackupInfo[]>('list_backups');
}

/** Copies the database to a file the user picks in a native save dialog. `null` when the user cancelled. */
export function backupNow(language: Lang): Promise<BackupInfo | null> {
  return call<BackupInfo | null>('backup_now', { language });
}

/**
 * Replaces all data with a backup: `path` is one of `listBackups()`; `null`
 * lets the user pick any file in a native open dialog. The current data is
 * backed up first. `null` when the user cancelled the dialog.
 */
export function restoreBackup(language: Lang, path: string | null): Promise<RestoreReport | null> {
  return call<RestoreReport | null>('restore_backup', { language, path });
}

/** Calls `f` whenever the app made a backup by itself (the daily one, after start). Returns the way to stop. */
export async function onBackupsChanged(f: () => void): Promise<() => void> {
  return listen('backups-changed', () => f());
}

/** Every survey dimension in form order, retired ones included. */
export function listSurveyDimensions(): Promise<SurveyDimension[]> {
  return call<SurveyDimension[]>('list_survey_dimensions');
}

/** Adds the owner's own dimension at the end of the form. */
export function addSurveyDimension(name: string): Promise<SurveyDimension> {
  return call<SurveyDimension>('add_survey_dimension', { name });
}

/** Renames a dimension; an empty name gives a built-in one its own name back. */
export function renameSurveyDimension(id: number, name: string): Promise<SurveyDimension> {
  return call<SurveyDimension>('rename_survey_dimension', { id, name });
}

/** Stops (or starts again) asking about a dimension; its answers stay. */
export function retireSurveyDimension(id: number, retired: boolean): Promise<SurveyDimension> {
  return call<SurveyDimension>('retire_survey_dimension', { id, retired });
}

/** A customer's survey answers, newest first. */
export function listSurveys(customerId: number): Promise<Survey[]> {
  return call<Survey[]>('list_surveys', { customerId });
}

/** Each dimension's latest rating for a customer. */
export function latestRatings(customerId: number): Promise<LatestRating[]> {
  return call<LatestRating[]>('latest_ratings', { customerId });
}

export function addSurvey(customerId: number, input: SurveyInput): Promise<Survey> {
  return call<Survey>('add_survey', { customerId, input });
}

export function updateSurvey(id: number, input: SurveyInput): Promise<Survey> {
  return call<Survey>('update_survey', { id, input });
}

/** Moves a survey answer to the trash (it stops counting). */
export async function trashSurvey(id: number): Promise<void> {
  await call<null>('trash_survey', { id });
}

/** Satisfaction, loyalty and value for a period (one call, whatever the number of customers). */
export function insights(query: InsightsQuery): Promise<Insights> {
  return call<Insights>('insights', { query });
}

/** One customer's purchase record today. */
export function customerLoyalty(customerId: number): Promise<CustomerLoyalty> {
  return call<CustomerLoyalty>('customer_loyalty', { customerId });
}

let readyReported = false;

/**
 * Tells the app, once, that the start screen is on screen (after the next
 * paint): the app's start-up measurement (BENCHMARKS.md) ends here.
 */
export function reportListShown(): void {
  if (readyReported) return;
  readyReported = true;
  requestAnimationFrame(() => requestAnimationFrame(() => void call<null>('ui_ready').catch(() => {})));
}
