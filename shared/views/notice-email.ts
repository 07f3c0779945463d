import type { Notice } from '../domain/notice.js';
import type { EmailContent } from '../domain/ports.js';
import { CLIENT_NOTICE_MESSAGES } from '../i18n/client-notices.js';
import { formatDateTime } from '../i18n/format.js';
import type { Language } from '../i18n/language.js';
import { changesTableHtml, changesText } from './changes-table.js';
import { html } from './html.js';

/**
 * The notice e-mail (Art. 28(2) GDPR): who changes what, the deadline in UTC, and the personal link,
 * in the contract's language. The link only shows a page; objecting takes a form a person submits
 * (mail scanners follow links).
 */
export function renderNoticeEmail(
  notice: Notice,
  personal: { objectionUrl?: string; closesAt?: string },
  language: Language,
): EmailContent {
  const m = CLIENT_NOTICE_MESSAGES[language];
  const deadline =
    notice.kind === 'objection-window' && personal.objectionUrl !== undefined && personal.closesAt !== undefined
      ? formatDateTime(personal.closesAt, language)
      : undefined;
  const subject =
    deadline !== undefined
      ? m.subjectWithWindow(notice.processorName, deadline)
      : m.subjectInformational(notice.processorName);
  const intro =
    deadline !== undefined ? m.introWithWindow(notice.processorName) : m.introInformational(notice.processorName);
  const takesEffect = m.takesEffect(notice.version, formatDateTime(notice.effectiveAt, language));
  const text = [
    intro,
    '',
    changesText(notice.changes, language),
    '',
    ...(deadline !== undefined
      ? [
          `${m.objectUntil(deadline)} ${m.silenceAuthorises}`,
          m.openLinkText(personal.objectionUrl ?? ''),
          m.linkRecordsNothing,
        ]
      : []),
    '',
    takesEffect,
    m.changeRecipients,
  ].join('\n');
  const body = html`<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${intro}</p>
${changesTableHtml(notice.changes, language)}
${
  deadline !== undefined
    ? html`<p><strong>${m.objectUntil(deadline)}</strong> ${m.silenceAuthorises}</p>
<p><a href="${personal.objectionUrl}">${m.linkLabel}</a></p>
<p>${m.linkRecordsNothing}</p>`
    : ''
}
<p>${takesEffect}</p>
<p>${m.changeRecipients}</p>
</body></html>`;
  return { subject, text, html: body.value };
}
