import type { Notice } from '../domain/notice.js';
import type { EmailContent } from '../domain/ports.js';
import { CLIENT_NOTICE_MESSAGES } from '../i18n/client-notices.js';
import { formatDateTime } from '../i18n/format.js';
import type { Language } from '../i18n/language.js';
import { changesTableHtml, changesText } from './changes-table.js';
import { html } from './html.js';

/**
 * The reminder (issue 10, item 5): sent once, some days before a contract's objection window closes,
 * to a client that has not answered, in the contract's language. The deadline is the one the first
 * e-mail gave; the link is a new one to the same page (the first e-mail's link keeps working).
 */
export function renderReminderEmail(
  notice: Notice,
  personal: { objectionUrl: string; closesAt: string },
  language: Language,
): EmailContent {
  const m = CLIENT_NOTICE_MESSAGES[language];
  const deadline = formatDateTime(personal.closesAt, language);
  const subject = m.reminderSubject(notice.processorName, deadline);
  const intro = m.reminderIntro(notice.processorName);
  const takesEffect = m.takesEffect(notice.version, formatDateTime(notice.effectiveAt, language));
  const text = [
    intro,
    '',
    changesText(notice.changes, language),
    '',
    `${m.objectUntil(deadline)} ${m.silenceAuthorises}`,
    m.openLinkText(personal.objectionUrl),
    m.linkRecordsNothing,
    m.firstLinkWorks,
    '',
    takesEffect,
    m.changeRecipients,
  ].join('\n');
  const body = html`<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${intro}</p>
${changesTableHtml(notice.changes, language)}
<p><strong>${m.objectUntil(deadline)} ${m.silenceAuthorises}</strong></p>
<p><a href="${personal.objectionUrl}">${m.linkLabel}</a></p>
<p>${m.linkRecordsNothing} ${m.firstLinkWorks}</p>
<p>${takesEffect}</p>
<p>${m.changeRecipients}</p>
</body></html>`;
  return { subject, text, html: body.value };
}
