import type { Issue } from '../domain/errors.js';
import type { DecisionView } from '../domain/record-decision.js';
import { CLIENT_NOTICE_MESSAGES } from '../i18n/client-notices.js';
import { formatDateTime } from '../i18n/format.js';
import { LANGUAGES, type Language } from '../i18n/language.js';
import { LANGUAGE_NAMES, OBJECTION_PAGE_MESSAGES } from '../i18n/objection-page.js';
import { changesTableHtml } from './changes-table.js';
import { html, SafeHtml } from './html.js';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #999;padding:.4rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:bold;margin-bottom:.3rem}textarea{width:100%;min-height:8rem}
button{font-size:1rem;padding:.5rem 1rem;margin-right:1rem}.notice{padding:.8rem;border-left:4px solid #555;background:#f4f4f4}
nav{text-align:right}`;

/**
 * The same page (the same token URL) in each other language: `?lang=` on a relative link, so the
 * token is never written into the page twice. Each link is named in its own language.
 */
function languageLinks(language: Language): SafeHtml {
  const others = LANGUAGES.filter((other) => other !== language);
  return html`<nav aria-label="${OBJECTION_PAGE_MESSAGES[language].otherLanguages}">${others.map(
    (other) => html`<a href="?lang=${other}" hreflang="${other}" lang="${other}">${LANGUAGE_NAMES[other]}</a>`,
  )}</nav>`;
}

function page(language: Language, title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title><style>${new SafeHtml(STYLE)}</style></head>
<body>${languageLinks(language)}<main>
<h1>${title}</h1>
${body}
</main></body></html>`.value;
}

/** The same page for every unknown, malformed or foreign token: it reveals nothing. */
export function unknownLinkPage(language: Language): string {
  const m = OBJECTION_PAGE_MESSAGES[language];
  return page(language, m.unknownTitle, html`<p>${m.unknownBody}</p>`);
}

/**
 * The answer to a decision posted from another site (a forged form, or a scanner replaying one): nothing
 * is recorded, and the person is sent back to the link, whose page posts from this site.
 */
export function crossSiteFormPage(language: Language): string {
  const m = OBJECTION_PAGE_MESSAGES[language];
  return page(language, m.crossSiteTitle, html`<p>${m.crossSiteBody}</p>`);
}

export function renderDecisionPage(
  view: Exclude<DecisionView, { kind: 'unknown' }>,
  language: Language,
  options: { recordedNow?: boolean; issues?: readonly Issue[] } = {},
): string {
  const m = OBJECTION_PAGE_MESSAGES[language];
  const at = (iso: string | undefined) => (iso === undefined ? undefined : formatDateTime(iso, language));
  const { notice, recipient } = view;
  const header = html`<p>${m.header(notice.processorName, notice.version)}</p>
${changesTableHtml(notice.changes, language)}`;
  if (view.kind === 'decided') {
    const d = view.decision;
    return page(
      language,
      options.recordedNow ? m.recordedNowTitle(d.decision) : m.alreadyRecordedTitle(d.decision),
      html`<p class="notice" role="status">${m.recorded(formatDateTime(d.at, language), d.decision)}${
        d.grounds ? html` ${m.recordedGrounds(d.grounds)}` : ''
      } ${m.confirmationSent}</p>
${header}`,
    );
  }
  if (view.kind === 'closed' && notice.state === 'withdrawn') {
    return page(
      language,
      m.withdrawnTitle,
      html`<p class="notice" role="status">${m.withdrawn(notice.processorName, at(notice.withdrawnAt))}</p>
${header}`,
    );
  }
  if (view.kind === 'closed') {
    return page(
      language,
      m.closedTitle,
      html`<p class="notice" role="status">${m.closed(at(recipient.closesAt))}</p>
${header}`,
    );
  }
  const issues = options.issues ?? [];
  // The deadline's two sentences are the notice e-mail's own: one wording wherever the client reads it.
  const notices = CLIENT_NOTICE_MESSAGES[language];
  return page(
    language,
    m.openTitle,
    html`${header}
<p><strong>${notices.objectUntil(formatDateTime(recipient.closesAt as string, language))}</strong> ${notices.silenceAuthorises}</p>
${issues.length > 0 ? html`<p class="notice" role="alert">${issues.map((issue) => m.formError(issue)).join(' ')}</p>` : ''}
<form method="post">
<p><label for="grounds">${m.groundsLabel}</label><br>
<textarea id="grounds" name="grounds" maxlength="5000"></textarea></p>
<p><button type="submit" name="decision" value="object">${m.objectButton}</button>
<button type="submit" name="decision" value="approve">${m.approveButton}</button></p>
</form>
<p>${m.recordsNothing}</p>`,
  );
}
