import type { EmailContent } from '../domain/ports.js';
import type { ObjectionAlert } from '../domain/vendor-email.js';
import { formatDateTime } from '../i18n/format.js';
import type { Language } from '../i18n/language.js';
import { VENDOR_EMAIL_MESSAGES } from '../i18n/vendor-emails.js';
import { changesTableHtml, changesText } from './changes-table.js';
import { html } from './html.js';

/**
 * To the vendor's contact address, as soon as a client objects, in the processor's language: which
 * client, its grounds, the changes it objects to, and the end of its window.
 */
export function renderObjectionAlert(alert: ObjectionAlert, language: Language): EmailContent {
  const m = VENDOR_EMAIL_MESSAGES[language];
  const { notice } = alert;
  const subject = m.alertSubject(alert.clientName, notice.version);
  const intro = m.alertIntro(
    formatDateTime(alert.objectedAt, language),
    alert.clientName,
    notice.version,
    notice.processorName,
    alert.contractId,
  );
  const deadline = m.clientDeadline(formatDateTime(alert.closesAt, language));
  const text = [
    intro,
    '',
    ...(alert.grounds !== undefined
      ? [m.groundsGiven, ...alert.grounds.split('\n').map((line) => `> ${line}`)]
      : [m.noGrounds]),
    '',
    m.changesObjectedTo,
    changesText(notice.changes, language),
    '',
    deadline,
    m.advice,
    m.noticeLink(notice.id),
  ].join('\n');
  const body = html`<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${intro}</p>
${
  alert.grounds !== undefined
    ? html`<p>${m.groundsGiven}</p><blockquote style="white-space: pre-wrap">${alert.grounds}</blockquote>`
    : html`<p>${m.noGrounds}</p>`
}
<p>${m.changesObjectedTo}</p>
${changesTableHtml(notice.changes, language)}
<p><strong>${deadline}</strong></p>
<p>${m.advice}</p>
<p>${m.noticeLink(notice.id)}</p>
</body></html>`;
  return { subject, text, html: body.value };
}
