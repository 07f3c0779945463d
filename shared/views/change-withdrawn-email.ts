import type { Notice } from '../domain/notice.js';
import type { EmailContent } from '../domain/ports.js';
import { CLIENT_FOLLOW_UP_MESSAGES } from '../i18n/client-follow-ups.js';
import { formatDateTime } from '../i18n/format.js';
import type { Language } from '../i18n/language.js';
import { changesTableHtml, changesText } from './changes-table.js';
import { html } from './html.js';

/**
 * To each contract that was told of a change, once the vendor withdrew it before it took effect, in
 * the contract's language: nothing is to be done, no answer is expected, and the list in force stays
 * as it was. No link: there is nothing left to decide.
 */
export function renderChangeWithdrawn(
  notice: Notice,
  withdrawal: { withdrawnAt: string; byVersion: number },
  language: Language,
): EmailContent {
  const m = CLIENT_FOLLOW_UP_MESSAGES[language];
  const subject = m.withdrawnSubject(notice.processorName);
  const intro = m.withdrawnIntro(
    formatDateTime(withdrawal.withdrawnAt, language),
    notice.processorName,
    notice.version,
  );
  const inForce = m.listInForce(withdrawal.byVersion);
  const text = [intro, '', m.nothingToDo, inForce, '', m.withdrawnChanges, changesText(notice.changes, language)].join(
    '\n',
  );
  const body = html`<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${intro}</p>
<p><strong>${m.nothingToDo}</strong></p>
<p>${inForce}</p>
<p>${m.withdrawnChanges}</p>
${changesTableHtml(notice.changes, language)}
</body></html>`;
  return { subject, text, html: body.value };
}
