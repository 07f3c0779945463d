import type { MessageRenderer } from '../domain/ports.js';
import { renderChangeWithdrawn } from './change-withdrawn-email.js';
import { renderDecisionConfirmation } from './decision-confirmation-email.js';
import { renderNoticeEmail } from './notice-email.js';
import { renderNoticeSummary } from './notice-summary-email.js';
import { renderObjectionAlert } from './objection-alert-email.js';
import { renderReminderEmail } from './reminder-email.js';

/** The e-mails as the registry writes them, handed to the use cases through their MessageRenderer port. */
export const emailRenderer: MessageRenderer = {
  noticeEmail: renderNoticeEmail,
  decisionConfirmation: renderDecisionConfirmation,
  objectionAlert: renderObjectionAlert,
  noticeSummary: renderNoticeSummary,
  reminderEmail: renderReminderEmail,
  changeWithdrawn: renderChangeWithdrawn,
};
