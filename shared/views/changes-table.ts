import { chainLabel, type NoticeChangeRow } from '../domain/notice.js';
import { CHANGES_MESSAGES } from '../i18n/changes.js';
import type { Language } from '../i18n/language.js';
import { safeguardLabel } from '../i18n/legal-labels.js';
import { countryName } from '../legal/countries.js';
import { html, type SafeHtml } from './html.js';

export function changeLabel(row: NoticeChangeRow, language: Language): string {
  const m = CHANGES_MESSAGES[language];
  if (row.change === 'replaced') return m.replaces(row.replaces ?? '');
  if (row.change === 'changed') return m.changed((row.changedFields ?? []).map((field) => m.fields[field] ?? field));
  return row.change === 'added' ? m.added : m.removed;
}

/**
 * The country and safeguard in the reader's language, from the terms the row keeps; a row stored
 * before rows kept them (English only) is shown as stored.
 */
function countryOf(row: NoticeChangeRow, language: Language): string {
  return row.countryCode === undefined ? row.country : `${countryName(row.countryCode, language)} (${row.countryCode})`;
}

function safeguardOf(row: NoticeChangeRow, language: Language): string {
  return row.safeguardTerms === undefined ? row.safeguard : safeguardLabel(row.safeguardTerms, language);
}

/** The changes as an accessible table (e-mail and objection page). */
export function changesTableHtml(rows: readonly NoticeChangeRow[], language: Language): SafeHtml {
  const { caption, columns } = CHANGES_MESSAGES[language];
  return html`<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${columns.change}</th><th scope="col">${columns.name}</th><th scope="col">${columns.address}</th><th scope="col">${columns.country}</th><th scope="col">${columns.purpose}</th><th scope="col">${columns.safeguard}</th></tr></thead>
<tbody>
${rows.map((row) => html`<tr><td>${changeLabel(row, language)}</td><td>${chainLabel(row)}</td><td>${row.address}</td><td>${countryOf(row, language)}</td><td>${row.purpose}</td><td>${safeguardOf(row, language)}</td></tr>\n`)}</tbody>
</table>`;
}

export function changesText(rows: readonly NoticeChangeRow[], language: Language): string {
  const { textLines } = CHANGES_MESSAGES[language];
  return rows
    .map((row) =>
      [
        textLines.heading(changeLabel(row, language), chainLabel(row)),
        textLines.address(row.address),
        textLines.country(countryOf(row, language)),
        textLines.purpose(row.purpose),
        textLines.safeguard(safeguardOf(row, language)),
      ].join('\n'),
    )
    .join('\n');
}
