import type { Notice } from '../domain/notice.js';
import type { EmailContent } from '../domain/ports.js';
import { changesTableHtml, changesText, formatDeadline } from './changes-table.js';
import { html } from './html.js';

/**
 * The reminder (issue 10, item 5): sent once, some days before a contract's objection window closes,
 * to a client that has not answered. The deadline is the one the first e-mail gave; the link is a new
 * one to the same page (the first e-mail's link keeps working). The whole text is here, in English.
 */
export function renderReminderEmail(
  notice: Notice,
  personal: { objectionUrl: string; closesAt: string },
): EmailContent {
  const deadline = formatDeadline(personal.closesAt);
  const subject = `Reminder: ${notice.processorName}: change of sub-processors — you may object until ${deadline}`;
  const intro = `This is a reminder. ${notice.processorName} told you of the following changes to the sub-processors that process personal data on your behalf (Art. 28(2) GDPR), and no decision of yours has been recorded yet.`;
  const closing = `You may object until ${deadline}. Without an answer by then, your contract treats the changes as authorised.`;
  const noLinkNeeded = 'The link in the first e-mail works too; use either, once.';
  const text = [
    intro,
    '',
    changesText(notice.changes),
    '',
    closing,
    `To object or approve, open: ${personal.objectionUrl}`,
    'Opening the link records nothing: only the form on that page does.',
    noLinkNeeded,
    '',
    `List version ${notice.version}, effective ${formatDeadline(notice.effectiveAt)}.`,
    'To change who receives these notices, contact your vendor.',
  ].join('\n');
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${intro}</p>
${changesTableHtml(notice.changes)}
<p><strong>${closing}</strong></p>
<p><a href="${personal.objectionUrl}">Review the changes and object or approve</a></p>
<p>Opening the link records nothing: only the form on that page does. ${noLinkNeeded}</p>
<p>List version ${notice.version}, effective ${formatDeadline(notice.effectiveAt)}.</p>
<p>To change who receives these notices, contact your vendor.</p>
</body></html>`;
  return { subject, text, html: body.value };
}
