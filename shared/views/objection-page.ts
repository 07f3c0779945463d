import type { DecisionView } from '../domain/record-decision.js';
import { changesTableHtml, formatDeadline } from './changes-table.js';
import { html, SafeHtml } from './html.js';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #999;padding:.4rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:bold;margin-bottom:.3rem}textarea{width:100%;min-height:8rem}
button{font-size:1rem;padding:.5rem 1rem;margin-right:1rem}.notice{padding:.8rem;border-left:4px solid #555;background:#f4f4f4}`;

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title><style>${new SafeHtml(STYLE)}</style></head>
<body><main>
<h1>${title}</h1>
${body}
</main></body></html>`.value;
}

/** The same page for every unknown, malformed or foreign token: it reveals nothing. */
export const UNKNOWN_LINK_PAGE = page(
  'This link is not valid',
  html`<p>This link does not match any notice. Check that you copied the whole link from the e-mail.</p>`,
);

/**
 * The answer to a decision posted from another site (a forged form, or a scanner replaying one): nothing
 * is recorded, and the person is sent back to the link, whose page posts from this site.
 */
export const CROSS_SITE_FORM_PAGE = page(
  'Nothing was recorded',
  html`<p>This decision was sent from another website, so it was not recorded. To object or approve, open the
link from the e-mail again and use the buttons on that page.</p>`,
);

const decisionWords = { object: 'objection', approve: 'approval' } as const;

export function renderDecisionPage(
  view: Exclude<DecisionView, { kind: 'unknown' }>,
  options: { recordedNow?: boolean; error?: string } = {},
): string {
  const { notice, recipient } = view;
  const header = html`<p><strong>${notice.processorName}</strong> notified you of changes to its sub-processors (list version ${notice.version}, Art. 28(2) GDPR).</p>
${changesTableHtml(notice.changes)}`;
  if (view.kind === 'decided') {
    const d = view.decision;
    return page(
      options.recordedNow
        ? `Your ${decisionWords[d.decision]} is recorded`
        : `Your ${decisionWords[d.decision]} was already recorded`,
      html`<p class="notice" role="status">Recorded on ${formatDeadline(d.at)}: you <strong>${d.decision === 'object' ? 'object to' : 'approve'}</strong> these changes.${
        d.grounds ? html` Grounds: “${d.grounds}”.` : ''
      } A confirmation e-mail goes to the contract's notification addresses.</p>
${header}`,
    );
  }
  if (view.kind === 'closed' && notice.state === 'withdrawn') {
    return page(
      'These changes were withdrawn',
      html`<p class="notice" role="status">${notice.processorName} withdrew these changes${notice.withdrawnAt ? html` on ${formatDeadline(notice.withdrawnAt)}` : ''}: they will not take effect. You have nothing to do, and no decision can be recorded any more.</p>
${header}`,
    );
  }
  if (view.kind === 'closed') {
    return page(
      'The objection window is closed',
      html`<p class="notice" role="status">The window to object to these changes closed${recipient.closesAt ? html` on ${formatDeadline(recipient.closesAt)}` : ''}. No decision can be recorded any more.</p>
${header}`,
    );
  }
  return page(
    'Changes to your sub-processors',
    html`${header}
<p>You may object until <strong>${formatDeadline(recipient.closesAt as string)}</strong>. Without an answer by then, your contract treats the changes as authorised.</p>
${options.error ? html`<p class="notice" role="alert">${options.error}</p>` : ''}
<form method="post">
<p><label for="grounds">Grounds (optional for an approval)</label><br>
<textarea id="grounds" name="grounds" maxlength="5000"></textarea></p>
<p><button type="submit" name="decision" value="object">Object</button>
<button type="submit" name="decision" value="approve">Approve</button></p>
</form>
<p>Opening this page records nothing. A decision is recorded only when you press a button.</p>`,
  );
}
