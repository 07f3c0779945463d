import type { Notice } from '../domain/notice.js';
import type { EmailContent } from '../domain/ports.js';
import { changesTableHtml, changesText, formatDeadline } from './changes-table.js';
import { html } from './html.js';

/**
 * To each contract that was told of a change, once the vendor withdrew it before it took effect:
 * nothing is to be done, no answer is expected, and the list in force stays as it was. No link: there
 * is nothing left to decide. The whole text is here, in English.
 */
export function renderChangeWithdrawn(
  notice: Notice,
  withdrawal: { withdrawnAt: string; byVersion: number },
): EmailContent {
  const subject = `${notice.processorName}: the change of sub-processors you were told of is withdrawn — nothing to do`;
  const intro = `On ${formatDeadline(withdrawal.withdrawnAt)}, ${notice.processorName} withdrew the change of its sub-processor list that it announced to you (list version ${notice.version}). The change will not take effect.`;
  const nothing =
    'You have nothing to do: no answer is expected, and any objection window for this change is closed. An objection or approval you already sent stays on record.';
  const inForce = `The list in force before the change stays in force (it is published again as list version ${withdrawal.byVersion}).`;
  const text = [intro, '', nothing, inForce, '', 'The withdrawn changes:', changesText(notice.changes)].join('\n');
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${intro}</p>
<p><strong>${nothing}</strong></p>
<p>${inForce}</p>
<p>The withdrawn changes:</p>
${changesTableHtml(notice.changes)}
</body></html>`;
  return { subject, text, html: body.value };
}
