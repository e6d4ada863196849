// Opens the survey dialog (SurveyDialog.svelte, mounted once in App) from
// anywhere: the customer page records or edits an answer, the Insights
// screen records the follow-up survey of a resolved complaint.
import type { Survey } from '../../api';

export type SurveyRequest = {
  customerId: number;
  customerName: string;
  /** Editing this answer; a new one when absent. */
  survey?: Survey;
  /** A new answer linked to this complaint (its follow-up survey). */
  complaintId?: number;
};

class SurveyDialogStore {
  request = $state<SurveyRequest | null>(null);

  open(request: SurveyRequest): void {
    this.request = request;
  }

  close(): void {
    this.request = null;
  }
}

export const surveyDialog = new SurveyDialogStore();
