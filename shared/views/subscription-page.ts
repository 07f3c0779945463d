import type { Language } from '../i18n/language.js';
import { SUBSCRIPTION_MESSAGES } from '../i18n/subscriptions.js';
import { html, SafeHtml } from './html.js';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
button{font-size:1rem;padding:.5rem 1rem}`;

function page(language: Language, title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title><style>${new SafeHtml(STYLE)}</style></head>
<body><main><h1>${title}</h1>
${body}
</main></body></html>`.value;
}

/**
 * The page behind the confirmation link: the button posts back to the same URL (a relative empty
 * action keeps the token out of the page). No script submits it: a scanner that opens the link confirms nothing.
 */
export function confirmSubscriptionPage(processorName: string, email: string, language: Language): string {
  const m = SUBSCRIPTION_MESSAGES[language];
  return page(
    language,
    m.confirmTitle(processorName),
    html`<p>${m.confirmBody(email)}</p><form method="post" action=""><button type="submit">${m.confirmButton}</button></form>`,
  );
}

export function subscriptionConfirmedPage(processorName: string, language: Language): string {
  const m = SUBSCRIPTION_MESSAGES[language];
  return page(language, m.confirmedTitle, html`<p>${m.confirmedBody(processorName)}</p>`);
}

export function subscriptionInactivePage(processorName: string, language: Language): string {
  const m = SUBSCRIPTION_MESSAGES[language];
  return page(language, m.confirmTitle(processorName), html`<p>${m.inactiveBody}</p>`);
}

/** The same page for every unknown, superseded or foreign token: it reveals nothing. */
export function unknownSubscriptionLinkPage(language: Language): string {
  const m = SUBSCRIPTION_MESSAGES[language];
  return page(language, m.unknownTitle, html`<p>${m.unknownBody}</p>`);
}

export function subscriptionCrossSitePage(language: Language): string {
  const m = SUBSCRIPTION_MESSAGES[language];
  return page(language, m.crossSiteTitle, html`<p>${m.crossSiteBody}</p>`);
}

/**
 * The footer link of an information e-mail opened in a browser: a button that posts what a mail
 * client's one-click POST sends (RFC 8058), so opening the link alone unsubscribes no one.
 */
export function unsubscribePage(language: Language): string {
  const m = SUBSCRIPTION_MESSAGES[language];
  return page(
    language,
    m.unsubscribe,
    html`<form method="post" action=""><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${m.unsubscribe}</button></form>`,
  );
}

export function unsubscribedPage(processorName: string, language: Language): string {
  const m = SUBSCRIPTION_MESSAGES[language];
  return page(language, m.unsubscribedTitle, html`<p>${m.unsubscribedBody(processorName)}</p>`);
}

/** The answer to the trust page's form: the same whatever the address's state. */
export function subscriptionRequestedPage(language: Language): string {
  const m = SUBSCRIPTION_MESSAGES[language];
  return page(language, m.subscribedTitle, html`<p>${m.subscribedBody}</p>`);
}

export function subscriptionFormInvalidPage(message: string, language: Language): string {
  const m = SUBSCRIPTION_MESSAGES[language];
  return page(language, m.formInvalidTitle, html`<p>${message}</p>`);
}
