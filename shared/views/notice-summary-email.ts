import type { EmailContent } from '../domain/ports.js';
import type { NoticeSummary } from '../domain/vendor-email.js';
import { formatDateTime } from '../i18n/format.js';
import type { Language } from '../i18n/language.js';
import { VENDOR_EMAIL_MESSAGES } from '../i18n/vendor-emails.js';
import { changesTableHtml, changesText } from './changes-table.js';
import { html } from './html.js';

/**
 * To the vendor's contact address, once the last window of a notice has closed, in the processor's
 * language: the outcome counts, every objecting client with its grounds, and the contracts that were
 * never notified (their silence is not consent).
 */
export function renderNoticeSummary(summary: NoticeSummary, language: Language): EmailContent {
  const m = VENDOR_EMAIL_MESSAGES[language];
  const { notice, counts } = summary;
  const subject = m.summarySubject(notice.processorName, notice.version);
  const intro = m.summaryIntro(notice.version, formatDateTime(summary.closedAt, language));
  const countLines = [
    m.counts.objected(counts.objected),
    m.counts.approved(counts.approved),
    m.counts.impliedConsent(counts.impliedConsent),
    m.counts.notNotified(counts.notNotified),
  ];
  const more = (n: number) => m.more(n, notice.id);
  const objectionLine = (o: NoticeSummary['objections'][number]) =>
    m.objectionLine(o.clientName, o.contractId, formatDateTime(o.at, language));
  const text = [
    intro,
    ...countLines.map((line) => `- ${line}`),
    '',
    ...(summary.objections.length === 0
      ? [m.noObjection]
      : [
          m.listHeading(m.objectionsHeading),
          ...summary.objections.map(
            (o) => `- ${objectionLine(o)} ${(o.grounds ?? m.noGroundsGiven).replace(/\n/g, '\n  ')}`,
          ),
          ...(summary.omitted.objections > 0 ? [more(summary.omitted.objections)] : []),
        ]),
    '',
    ...(summary.notNotified.length === 0
      ? [m.allNotified]
      : [
          m.listHeading(m.notNotifiedHeading),
          ...summary.notNotified.map((n) => `- ${m.notNotifiedLine(n.clientName, n.contractId, n.delivery)}`),
          ...(summary.omitted.notNotified > 0 ? [more(summary.omitted.notNotified)] : []),
          m.notNotifiedNote,
        ]),
    '',
    m.theChanges,
    changesText(notice.changes, language),
  ].join('\n');
  const body = html`<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${intro}</p>
<ul>${countLines.map((line) => html`<li>${line}</li>`)}</ul>
${
  summary.objections.length === 0
    ? html`<p>${m.noObjection}</p>`
    : html`<h2>${m.objectionsHeading}</h2>
<ul>${summary.objections.map(
        (o) =>
          html`<li>${objectionLine(o)} <span style="white-space: pre-wrap">${o.grounds ?? m.noGroundsGiven}</span></li>`,
      )}</ul>${summary.omitted.objections > 0 ? html`<p>${more(summary.omitted.objections)}</p>` : ''}`
}
${
  summary.notNotified.length === 0
    ? html`<p>${m.allNotified}</p>`
    : html`<h2>${m.notNotifiedHeading}</h2>
<ul>${summary.notNotified.map((n) => html`<li>${m.notNotifiedLine(n.clientName, n.contractId, n.delivery)}</li>`)}</ul>${
        summary.omitted.notNotified > 0 ? html`<p>${more(summary.omitted.notNotified)}</p>` : ''
      }
<p>${m.notNotifiedNote}</p>`
}
${changesTableHtml(notice.changes, language)}
</body></html>`;
  return { subject, text, html: body.value };
}
