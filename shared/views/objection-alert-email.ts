import type { EmailContent } from '../domain/ports.js';
import type { ObjectionAlert } from '../domain/vendor-email.js';
import { changesTableHtml, changesText, formatDeadline } from './changes-table.js';
import { html } from './html.js';

/**
 * To the vendor's contact address, as soon as a client objects: which client, its grounds, the
 * changes it objects to, and the end of its window. The whole text is here, in English.
 */
export function renderObjectionAlert(alert: ObjectionAlert): EmailContent {
  const { notice } = alert;
  const subject = `${alert.clientName} objects to your change of sub-processors (list version ${notice.version})`;
  const intro = `On ${formatDeadline(alert.objectedAt)}, ${alert.clientName} objected to the changes of list version ${notice.version} of ${notice.processorName} (contract ${alert.contractId}).`;
  const noGrounds = 'The client gave no grounds.';
  const deadline = `The client's objection window closes on ${formatDeadline(alert.closesAt)}. Its decision is recorded and will not change at the close.`;
  const advice =
    'Art. 28(2) GDPR gives the client this opportunity to object; what the objection entails (another sub-processor, ending the service) is for your contract with the client. Contact the client before the change takes effect.';
  const text = [
    intro,
    '',
    ...(alert.grounds !== undefined
      ? ['Grounds given by the client:', ...alert.grounds.split('\n').map((line) => `> ${line}`)]
      : [noGrounds]),
    '',
    'The changes objected to:',
    changesText(notice.changes),
    '',
    deadline,
    advice,
    `Notice ${notice.id}: GET /notices/${notice.id} shows every contract's decision and deadline.`,
  ].join('\n');
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${intro}</p>
${
  alert.grounds !== undefined
    ? html`<p>Grounds given by the client:</p><blockquote style="white-space: pre-wrap">${alert.grounds}</blockquote>`
    : html`<p>${noGrounds}</p>`
}
<p>The changes objected to:</p>
${changesTableHtml(notice.changes)}
<p><strong>${deadline}</strong></p>
<p>${advice}</p>
<p>Notice ${notice.id}: <code>GET /notices/${notice.id}</code> shows every contract's decision and deadline.</p>
</body></html>`;
  return { subject, text, html: body.value };
}
