import type { Notice } from '../domain/notice.js';
import type { EmailContent } from '../domain/ports.js';
import { changesTableHtml, changesText, formatDeadline } from './changes-table.js';
import { html } from './html.js';

/**
 * The notice e-mail (Art. 28(2) GDPR): who changes what, the deadline in UTC, and the personal link.
 * The link only shows a page; objecting takes a form a person submits (mail scanners follow links).
 */
export function renderNoticeEmail(
  notice: Notice,
  personal: { objectionUrl?: string; closesAt?: string; clientName?: string },
): EmailContent {
  const withWindow =
    notice.kind === 'objection-window' && personal.objectionUrl !== undefined && personal.closesAt !== undefined;
  const subject = withWindow
    ? `${notice.processorName}: change of sub-processors — you may object until ${formatDeadline(personal.closesAt as string)}`
    : `${notice.processorName}: update of the list of sub-processors`;
  const intro = withWindow
    ? `${notice.processorName} intends to make the following changes to the sub-processors that process personal data on your behalf (Art. 28(2) GDPR).`
    : `${notice.processorName} has updated its list of sub-processors. These changes are for your information; no objection window applies.`;
  const deadline = withWindow ? formatDeadline(personal.closesAt as string) : undefined;
  const text = [
    intro,
    '',
    changesText(notice.changes),
    '',
    ...(withWindow
      ? [
          `You may object until ${deadline}. Without an answer by then, your contract treats the changes as authorised.`,
          `To object or approve, open: ${personal.objectionUrl}`,
          'Opening the link records nothing: only the form on that page does.',
        ]
      : []),
    '',
    `List version ${notice.version}, effective ${formatDeadline(notice.effectiveAt)}.`,
    'To change who receives these notices, contact your vendor.',
  ].join('\n');
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${intro}</p>
${changesTableHtml(notice.changes)}
${
  withWindow
    ? html`<p><strong>You may object until ${deadline}.</strong> Without an answer by then, your contract treats the changes as authorised.</p>
<p><a href="${personal.objectionUrl}">Review the changes and object or approve</a></p>
<p>Opening the link records nothing: only the form on that page does.</p>`
    : ''
}
<p>List version ${notice.version}, effective ${formatDeadline(notice.effectiveAt)}.</p>
<p>To change who receives these notices, contact your vendor.</p>
</body></html>`;
  return { subject, text, html: body.value };
}
