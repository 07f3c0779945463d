import type { TransferResult } from '../domain/transfer-queries.js';
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

function summaryTable(caption: string, header: string, rows: Array<[string, number]>): SafeHtml {
  return html`<table><caption>${caption}</caption><thead><tr><th scope="col">${header}</th><th scope="col">Transfers</th></tr></thead>
<tbody>${rows.map(([name, count]) => html`<tr><td>${name}</td><td>${count}</td></tr>`)}</tbody></table>`;
}

const destinationOf = (t: TransferResult) =>
  t.country === null ? (t.internationalOrganisation ?? '') : `${t.country.name} (${t.country.code})`;

/**
 * The legal view for people: counts by country and by safeguard above the table, then one row per
 * transfer with its basis, since when, what is pending, and the flags. Links to the same query as
 * CSV and JSON. Works without JavaScript; everything a vendor typed is escaped.
 */
export function renderTransfersPage(
  title: string,
  transfers: readonly TransferResult[],
  links: { csv: string; json: string; next?: string },
): string {
  const whatIf = transfers.some((t) => t.affectedContracts !== undefined);
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${new SafeHtml(STYLE)}</style></head>
<body><main>
<h1>${title}</h1>
<p>${transfers.length} transfer${transfers.length === 1 ? '' : 's'}. <a href="${links.csv}">Download CSV</a> · <a href="${links.json}">JSON</a>${
    links.next ? html` · <a href="${links.next}" rel="next">Next page</a>` : ''
  }</p>
<div class="summary">
${summaryTable('By country', 'Country', countBy(transfers, destinationOf))}
${summaryTable(
  'By safeguard',
  'Safeguard',
  countBy(transfers, (t) => `${t.safeguardType} — ${t.legalBasis.replace(/ — .*/, '')}`),
)}
</div>
<table><caption>Transfers</caption>
<thead><tr><th scope="col">Processor</th><th scope="col">Sub-processor</th><th scope="col">Country</th><th scope="col">Safeguard</th><th scope="col">Legal basis</th><th scope="col">Purpose</th><th scope="col">Since</th><th scope="col">Pending</th><th scope="col">Flags</th>${
    whatIf ? html`<th scope="col">Contracts affected</th>` : ''
  }</tr></thead>
<tbody>${transfers.map(
    (
      t,
    ) => html`<tr><td>${t.processorName}</td><td>${t.path.join(' → ')}<br><small>${t.address}</small></td><td>${destinationOf(t)}</td><td>${t.safeguardType}</td>
<td>${t.legalBasis}${t.adequacyDecision ? html`<br><small>decision of ${t.adequacyDecision.since}</small>` : ''}</td><td>${t.purpose}</td>
<td>version ${t.sinceVersion}<br><small>${t.since.slice(0, 10)}</small></td>
<td class="pending">${t.pendingChanges.length === 0 ? '' : html`<ul>${t.pendingChanges.map((c) => html`<li>${c.kind}, version ${c.version}, from ${c.effectiveAt.slice(0, 10)}</li>`)}</ul>`}</td>
<td class="flag">${t.flags.length === 0 ? '' : html`<ul>${t.flags.map((f) => html`<li>${f.message}</li>`)}</ul>`}</td>${
      whatIf
        ? html`<td>${(t.affectedContracts ?? []).map((c) => html`${c.contractId} (client ${c.clientId})<br>`)}</td>`
        : ''
    }</tr>`,
  )}</tbody></table>
</main></body></html>`.value;
}
