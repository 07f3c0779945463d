import type { EmailContent } from '../domain/ports.js';
import type { NoticeSummary } from '../domain/vendor-email.js';
import { changesTableHtml, changesText, formatDeadline } from './changes-table.js';
import { html } from './html.js';

/**
 * To the vendor's contact address, once the last window of a notice has closed: the outcome counts,
 * every objecting client with its grounds, and the contracts that were never notified (their silence
 * is not consent). The whole text is here, in English.
 */
export function renderNoticeSummary(summary: NoticeSummary): EmailContent {
  const { notice, counts } = summary;
  const subject = `${notice.processorName}: every objection window of list version ${notice.version} is closed`;
  const intro = `The last objection window of list version ${notice.version} closed on ${formatDeadline(summary.closedAt)}. Outcomes per contract:`;
  const countLines = [
    `Objected: ${counts.objected}`,
    `Approved: ${counts.approved}`,
    `Implied consent (no answer within the window): ${counts.impliedConsent}`,
    `Not notified (the e-mail never arrived): ${counts.notNotified}`,
  ];
  const noObjection = 'No client objected.';
  const allNotified = 'Every contract was notified.';
  const notNotifiedNote =
    'A client that was never notified has not consented (EDPB Guidelines 07/2020): tell it another way, or send the notice again.';
  const more = (n: number) => `… and ${n} more: GET /notices/${notice.id} lists every contract.`;
  const text = [
    intro,
    ...countLines.map((line) => `- ${line}`),
    '',
    ...(summary.objections.length === 0
      ? [noObjection]
      : [
          'Objections:',
          ...summary.objections.map(
            (o) =>
              `- ${o.clientName} (contract ${o.contractId}), on ${formatDeadline(o.at)}: ${(o.grounds ?? 'no grounds given').replace(/\n/g, '\n  ')}`,
          ),
          ...(summary.omitted.objections > 0 ? [more(summary.omitted.objections)] : []),
        ]),
    '',
    ...(summary.notNotified.length === 0
      ? [allNotified]
      : [
          'Contracts not notified:',
          ...summary.notNotified.map((n) => `- ${n.clientName} (contract ${n.contractId}), delivery: ${n.delivery}`),
          ...(summary.omitted.notNotified > 0 ? [more(summary.omitted.notNotified)] : []),
          notNotifiedNote,
        ]),
    '',
    'The changes:',
    changesText(notice.changes),
  ].join('\n');
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${intro}</p>
<ul>${countLines.map((line) => html`<li>${line}</li>`)}</ul>
${
  summary.objections.length === 0
    ? html`<p>${noObjection}</p>`
    : html`<h2>Objections</h2>
<ul>${summary.objections.map(
        (o) =>
          html`<li>${o.clientName} (contract ${o.contractId}), on ${formatDeadline(o.at)}: <span style="white-space: pre-wrap">${o.grounds ?? 'no grounds given'}</span></li>`,
      )}</ul>${summary.omitted.objections > 0 ? html`<p>${more(summary.omitted.objections)}</p>` : ''}`
}
${
  summary.notNotified.length === 0
    ? html`<p>${allNotified}</p>`
    : html`<h2>Contracts not notified</h2>
<ul>${summary.notNotified.map((n) => html`<li>${n.clientName} (contract ${n.contractId}), delivery: ${n.delivery}</li>`)}</ul>${
        summary.omitted.notNotified > 0 ? html`<p>${more(summary.omitted.notNotified)}</p>` : ''
      }
<p>${notNotifiedNote}</p>`
}
${changesTableHtml(notice.changes)}
</body></html>`;
  return { subject, text, html: body.value };
}
