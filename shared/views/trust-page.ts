import type { PublicList, PublicVersion } from '../domain/public-list.js';
import { chainNodes, entryKey, type SubprocessorEntry } from '../domain/subprocessor.js';
import { LANGUAGES, type Language } from '../i18n/language.js';
import { safeguardLabel, safeguardTermsOf } from '../i18n/legal-labels.js';
import { TRUST_MESSAGES } from '../i18n/trust.js';
import { countryName } from '../legal/countries.js';
import { html, SafeHtml } from './html.js';

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.45;color:#1a1a1a;max-width:75rem}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #767676;padding:.3rem .5rem;text-align:left;vertical-align:top}
.onward{padding-left:1.5rem}.kind{font-weight:bold}a{color:#0b57a5}`;

export interface TrustPageLinks {
  feed: string;
  json: string;
  /** Where the subscribe form posts (POST /trust/{id}/subscriptions). */
  subscribe: string;
  /** The same page in the other language. */
  otherLanguage: string;
}

function destination(entry: SubprocessorEntry, language: Language): string {
  return entry.country !== undefined
    ? `${countryName(entry.country, language)} (${entry.country})`
    : (entry.internationalOrganisation ?? '');
}

/** The list in force, one row per entry at every level of its chains ("Brevo → Amazon Web Services"). */
function listTable(entries: readonly SubprocessorEntry[], language: Language, caption: string): SafeHtml {
  const m = TRUST_MESSAGES[language];
  const rows = chainNodes(entries).map((node) => {
    const root = entries.find((e) => entryKey(e) === node.keyPath[0]);
    const scopes = root?.scopes ?? [];
    return html`<tr><td${node.level > 1 ? html` class="onward"` : ''}>${node.names.join(' → ')}</td><td>${node.entry.address}</td><td>${destination(node.entry, language)}</td><td>${node.entry.purpose}</td><td>${safeguardLabel(safeguardTermsOf(node.entry.safeguard), language)}</td><td>${scopes.length === 0 ? m.everyClient : scopes.join(', ')}</td></tr>`;
  });
  return html`<table><caption>${caption}</caption><thead><tr><th scope="col">${m.columns.name}</th><th scope="col">${m.columns.address}</th><th scope="col">${m.columns.country}</th><th scope="col">${m.columns.purpose}</th><th scope="col">${m.columns.safeguard}</th><th scope="col">${m.columns.scopes}</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** A version's changes, each marked new, changing or leaving. */
function changeList(v: PublicVersion, language: Language): SafeHtml {
  const m = TRUST_MESSAGES[language];
  const items = [
    ...v.changes.added.map((a) => html`<li><span class="kind">${m.kinds.new}</span>: ${a.name}</li>`),
    ...v.changes.changed.map(
      (c) =>
        html`<li><span class="kind">${m.kinds.changing}</span>: ${c.name} (${m.changedFields(c.fields.map((f) => f.field))})</li>`,
    ),
    ...v.changes.removed.map((r) => html`<li><span class="kind">${m.kinds.leaving}</span>: ${r.name}</li>`),
  ];
  if (v.baseline) return html`<p>${m.baseline}</p>`;
  return items.length === 0 ? html`<p>${m.noChange}</p>` : html`<ul>${items}</ul>`;
}

/** One version: its title, when it applies, what changed. `section` keeps ids unique on the page. */
function versionSection(v: PublicVersion, language: Language, section: 'pending' | 'version'): SafeHtml {
  const m = TRUST_MESSAGES[language];
  const id = `${section}-${v.version}`;
  return html`<section id="${id}" aria-labelledby="${id}-title"><h3 id="${id}-title">${m.versionTitle(v.version)}</h3>
<p>${m.state(v)}</p>${v.withdraws !== undefined ? html`<p>${m.withdraws(v.withdraws)}</p>` : ''}${changeList(v, language)}</section>`;
}

/**
 * The e-mail subscription form: a plain POST (no JavaScript), the page's language sent with it so the
 * e-mails are in the language the person read the page in.
 */
function subscribeForm(action: string, language: Language): SafeHtml {
  const m = TRUST_MESSAGES[language];
  return html`<section aria-labelledby="subscribe"><h2 id="subscribe">${m.subscribeHeading}</h2><p>${m.subscribeIntro}</p>
<form method="post" action="${action}"><input type="hidden" name="language" value="${language}">
<label for="subscribe-email">${m.emailLabel}</label> <input type="email" id="subscribe-email" name="email" required autocomplete="email" maxlength="254">
<button type="submit">${m.subscribeButton}</button></form></section>`;
}

/**
 * A processor's public trust page: who it engages (down the chains, with the safeguard in words and
 * the contracts each concerns), the changes announced and when they apply ("not before" while the
 * clients' windows run), the history, and the feeds. Plain HTML, no JavaScript; everything a vendor
 * typed is escaped; one language at a time with a link to the other.
 */
export function renderTrustPage(list: PublicList, links: TrustPageLinks, language: Language): string {
  const m = TRUST_MESSAGES[language];
  const other = LANGUAGES.find((l) => l !== language) ?? language;
  const title = m.pageTitle(list.processor.name);
  return html`<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${new SafeHtml(STYLE)}</style>
<link rel="alternate" type="application/atom+xml" href="${links.feed}" title="${m.atomFeed}"></head>
<body><header><p><a href="${links.otherLanguage}" hreflang="${other}" lang="${other}">${m.otherLanguage}</a></p></header>
<main><h1>${title}</h1>${list.processor.address !== undefined ? html`<p>${list.processor.address}</p>` : ''}
<p>${m.pageIntro(list.processor.name)}</p>
<section aria-labelledby="in-force"><h2 id="in-force">${m.inForceHeading}</h2>${
    list.inForce === undefined
      ? html`<p>${m.noList}</p>`
      : html`<p>${m.inForceVersion(list.inForce.version)} ${m.state(list.inForce)}</p>${listTable(list.inForce.subprocessors, language, m.inForceHeading)}`
  }</section>
<section aria-labelledby="pending"><h2 id="pending">${m.pendingHeading}</h2>${
    list.pending.length === 0
      ? html`<p>${m.noPending}</p>`
      : list.pending.map((v) => versionSection(v, language, 'pending'))
  }</section>
<section aria-labelledby="history"><h2 id="history">${m.historyHeading}</h2>${list.history.map((v) => versionSection(v, language, 'version'))}</section>
<section aria-labelledby="feeds"><h2 id="feeds">${m.feedsHeading}</h2><ul><li><a href="${links.feed}">${m.atomFeed}</a></li><li><a href="${links.json}">${m.jsonList}</a></li></ul></section>
${subscribeForm(links.subscribe, language)}
</main></body></html>`.value;
}
