import type { Notice, RecordedDecision } from '../domain/notice.js';
import type { EmailContent } from '../domain/ports.js';
import { changesTableHtml, changesText, formatDeadline } from './changes-table.js';
import { html } from './html.js';

/**
 * Confirms a decision to every notification address of the contract, so that a decision nobody
 * meant to take (a forwarded link, a scanner) is noticed while it can still be disputed.
 */
export function renderDecisionConfirmation(notice: Notice, decision: RecordedDecision): EmailContent {
  const verb = decision.decision === 'object' ? 'objected to' : 'approved';
  const subject = `${notice.processorName}: your organisation ${verb} the change of sub-processors`;
  const line = `On ${formatDeadline(decision.at)}, your organisation ${verb} the changes below (list version ${notice.version}).`;
  const from =
    decision.channel === 'api'
      ? "Recorded through the registry's API with your organisation's API key."
      : `Recorded from IP address ${decision.ip}.`;
  const text = [
    line,
    ...(decision.grounds ? [`Grounds: ${decision.grounds}`] : []),
    from,
    '',
    changesText(notice.changes),
    '',
    `If nobody in your organisation took this decision, tell ${notice.processorName} at once.`,
  ].join('\n');
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${line}</p>${decision.grounds ? html`<p>Grounds: ${decision.grounds}</p>` : ''}<p>${from}</p>
${changesTableHtml(notice.changes)}
<p>If nobody in your organisation took this decision, tell ${notice.processorName} at once.</p>
</body></html>`;
  return { subject, text, html: body.value };
}
