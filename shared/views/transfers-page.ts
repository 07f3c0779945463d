import type { TransferResult } from '../domain/transfer-queries.js';
import { formatDay } from '../i18n/format.js';
import type { Language } from '../i18n/language.js';
import { legalBasisLabel, safeguardTypeName } from '../i18n/legal-labels.js';
import { TRANSFER_MESSAGES, type TransferViewName } from '../i18n/transfers.js';
import { countryName } from '../legal/countries.js';
import { html, SafeHtml } from './html.js';

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.4;color:#1a1a1a}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:bold;margin-bottom:.3rem}.summary{display:flex;gap:2rem;flex-wrap:wrap}
.flag{color:#8a1c1c}.pending{color:#5a4a00}td ul{margin:0;padding-left:1.1rem}`;

function countBy(transfers: readonly TransferResult[], key: (t: TransferResult) => string) {
  const counts = new Map<string, number>();
  for (const transfer of transfers) counts.set(key(transfer), (counts.get(key(transfer)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function summaryTable(caption: string, header: string, count: string, rows: Array<[string, number]>): SafeHtml {
  return html`<table><caption>${caption}</caption><thead><tr><th scope="col">${header}</th><th scope="col">${count}</th></tr></thead>
<tbody>${rows.map(([name, n]) => html`<tr><td>${name}</td><td>${n}</td></tr>`)}</tbody></table>`;
}

/** The destination in the reader's language: the country library's name, or the organisation as typed. */
export function destinationOf(t: TransferResult, language: Language): string {
  return t.country === null
    ? (t.internationalOrganisation ?? '')
    : `${countryName(t.country.code, language)} (${t.country.code})`;
}

/**
 * The legal view for people, in the language negotiated: counts by country and by safeguard above the
 * table, then one row per transfer with its basis, since when, what is pending, and the flags. Links to
 * the same query as CSV and JSON. Works without JavaScript; everything a vendor typed is escaped.
 */
export function renderTransfersPage(
  view: TransferViewName,
  transfers: readonly TransferResult[],
  links: { csv: string; json: string; next?: string },
  language: Language,
): string {
  const m = TRANSFER_MESSAGES[language];
  const title = m.titles[view];
  const day = (iso: string) => formatDay(iso, language);
  const whatIf = transfers.some((t) => t.affectedContracts !== undefined);
  return html`<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${new SafeHtml(STYLE)}</style></head>
<body><main>
<h1>${title}</h1>
<p>${m.count(transfers.length)} <a href="${links.csv}">${m.downloadCsv}</a> · <a href="${links.json}">${m.json}</a>${
    links.next ? html` · <a href="${links.next}" rel="next">${m.nextPage}</a>` : ''
  }</p>
<div class="summary">
${summaryTable(
  m.byCountry,
  m.columns.country,
  m.columns.transfers,
  countBy(transfers, (t) => destinationOf(t, language)),
)}
${summaryTable(
  m.bySafeguard,
  m.columns.safeguard,
  m.columns.transfers,
  countBy(transfers, (t) =>
    m.safeguardCount(
      t.safeguardType,
      safeguardTypeName(t.safeguardType, language),
      legalBasisLabel(t, language).replace(/ — .*/, ''),
    ),
  ),
)}
</div>
<table><caption>${m.transfersCaption}</caption>
<thead><tr><th scope="col">${m.columns.processor}</th><th scope="col">${m.columns.subprocessor}</th><th scope="col">${m.columns.country}</th><th scope="col">${m.columns.safeguard}</th><th scope="col">${m.columns.legalBasis}</th><th scope="col">${m.columns.purpose}</th><th scope="col">${m.columns.since}</th><th scope="col">${m.columns.pending}</th><th scope="col">${m.columns.flags}</th>${
    whatIf ? html`<th scope="col">${m.columns.contractsAffected}</th>` : ''
  }</tr></thead>
<tbody>${transfers.map(
    (
      t,
    ) => html`<tr><td>${t.processorName}</td><td>${t.path.join(' → ')}<br><small>${t.address}</small></td><td>${destinationOf(t, language)}</td><td>${safeguardTypeName(t.safeguardType, language)}<br><small>${t.safeguardType}</small></td>
<td>${legalBasisLabel(t, language)}${t.adequacyDecision ? html`<br><small>${m.decisionOf(day(t.adequacyDecision.since))}</small>` : ''}</td><td>${t.purpose}${t.scopes.length === 0 ? '' : html`<br><small>${m.scopes(t.scopes)}</small>`}</td>
<td>${m.version(t.sinceVersion)}<br><small>${day(t.since)}</small></td>
<td class="pending">${t.pendingChanges.length === 0 ? '' : html`<ul>${t.pendingChanges.map((c) => html`<li>${m.pendingChange(c.kind, c.version, day(c.effectiveAt))}</li>`)}</ul>`}</td>
<td class="flag">${t.flags.length === 0 ? '' : html`<ul>${t.flags.map((f) => html`<li>${m.flag(f)}</li>`)}</ul>`}</td>${
      whatIf
        ? html`<td>${(t.affectedContracts ?? []).map((c) => html`${m.contractOfClient(c.contractId, c.clientId)}<br>`)}</td>`
        : ''
    }</tr>`,
  )}</tbody></table>
</main></body></html>`.value;
}
