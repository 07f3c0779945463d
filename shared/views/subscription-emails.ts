import type { SubscriptionMessageRenderer } from '../domain/ports.js';
import { SUBSCRIPTION_MESSAGES } from '../i18n/subscriptions.js';
import { changesTableHtml, changesText } from './changes-table.js';
import { html } from './html.js';

/** The subscription e-mails: plain text and HTML saying the same, everything a vendor typed escaped. */
export const subscriptionEmailRenderer: SubscriptionMessageRenderer = {
  confirmation({ processorName, confirmUrl, trustPageUrl }, language) {
    const m = SUBSCRIPTION_MESSAGES[language];
    return {
      subject: m.confirmationSubject(processorName),
      text: [
        m.confirmationIntro(processorName),
        '',
        m.confirmationAction,
        confirmUrl,
        '',
        m.confirmationIgnore,
        '',
        m.trustPage,
        trustPageUrl,
      ].join('\n'),
      html: html`<p>${m.confirmationIntro(processorName)}</p><p>${m.confirmationAction}<br><a href="${confirmUrl}">${confirmUrl}</a></p>
<p>${m.confirmationIgnore}</p><p>${m.trustPage} <a href="${trustPageUrl}">${trustPageUrl}</a></p>`.value,
    };
  },

  listChanged({ processorName, version, effectiveAt, changes, trustPageUrl, unsubscribeUrl }, language) {
    const m = SUBSCRIPTION_MESSAGES[language];
    return {
      subject: m.changedSubject(processorName, version),
      text: [
        m.changedIntro(processorName, version),
        m.changedEffective(effectiveAt),
        '',
        changesText(changes, language),
        '',
        m.trustPage,
        trustPageUrl,
        '',
        '--',
        m.changedWhy,
        m.unsubscribeText,
        unsubscribeUrl,
      ].join('\n'),
      html: html`<p>${m.changedIntro(processorName, version)} ${m.changedEffective(effectiveAt)}</p>
${changesTableHtml(changes, language)}
<p>${m.trustPage} <a href="${trustPageUrl}">${trustPageUrl}</a></p>
<hr><footer><p>${m.changedWhy}</p><p><a href="${unsubscribeUrl}">${m.unsubscribe}</a></p></footer>`.value,
    };
  },
};
