import type { Notice, RecordedDecision } from '../domain/notice.js';
import type { EmailContent } from '../domain/ports.js';
import { CLIENT_FOLLOW_UP_MESSAGES } from '../i18n/client-follow-ups.js';
import { formatDateTime } from '../i18n/format.js';
import type { Language } from '../i18n/language.js';
import { changesTableHtml, changesText } from './changes-table.js';
import { html } from './html.js';

/**
 * Confirms a decision to every notification address of the contract, in its language, so that a
 * decision nobody meant to take (a forwarded link, a scanner) is noticed while it can still be disputed.
 */
export function renderDecisionConfirmation(
  notice: Notice,
  decision: RecordedDecision,
  language: Language,
): EmailContent {
  const m = CLIENT_FOLLOW_UP_MESSAGES[language];
  const subject = m.confirmationSubject(notice.processorName, decision.decision);
  const line = m.confirmationLine(formatDateTime(decision.at, language), decision.decision, notice.version);
  const from = decision.channel === 'api' ? m.recordedThroughApi : m.recordedFrom(decision.ip);
  const notUs = m.notUs(notice.processorName);
  const text = [
    line,
    ...(decision.grounds ? [m.grounds(decision.grounds)] : []),
    from,
    '',
    changesText(notice.changes, language),
    '',
    notUs,
  ].join('\n');
  const body = html`<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${line}</p>${decision.grounds ? html`<p>${m.grounds(decision.grounds)}</p>` : ''}<p>${from}</p>
${changesTableHtml(notice.changes, language)}
<p>${notUs}</p>
</body></html>`;
  return { subject, text, html: body.value };
}
