import { chainLabel, type NoticeChangeRow } from '../domain/notice.js';
import { html, type SafeHtml } from './html.js';

const CHANGE_LABEL: Record<NoticeChangeRow['change'], string> = {
  added: 'Added',
  replaced: 'Replaces',
  changed: 'Changed',
  removed: 'Removed',
};

export function changeLabel(row: NoticeChangeRow): string {
  if (row.change === 'replaced') return `Added, replaces ${row.replaces}`;
  if (row.change === 'changed') return `Changed (${(row.changedFields ?? []).join(', ')})`;
  return CHANGE_LABEL[row.change];
}

/** The changes as an accessible table (e-mail and objection page). */
export function changesTableHtml(rows: readonly NoticeChangeRow[]): SafeHtml {
  return html`<table>
<caption>Changes to the list of sub-processors</caption>
<thead><tr><th scope="col">Change</th><th scope="col">Sub-processor</th><th scope="col">Address</th><th scope="col">Country</th><th scope="col">Purpose</th><th scope="col">Transfer safeguard</th></tr></thead>
<tbody>
${rows.map((row) => html`<tr><td>${changeLabel(row)}</td><td>${chainLabel(row)}</td><td>${row.address}</td><td>${row.country}</td><td>${row.purpose}</td><td>${row.safeguard}</td></tr>\n`)}</tbody>
</table>`;
}

export function changesText(rows: readonly NoticeChangeRow[]): string {
  return rows
    .map((row) =>
      [
        `- ${changeLabel(row)}: ${chainLabel(row)}`,
        `  Address: ${row.address}`,
        `  Country: ${row.country}`,
        `  Purpose: ${row.purpose}`,
        `  Safeguard: ${row.safeguard}`,
      ].join('\n'),
    )
    .join('\n');
}

/** "Monday 7 December 2026, 10:00 UTC": the deadline a person reads, always in UTC. */
export function formatDeadline(iso: string): string {
  const date = new Date(iso);
  const day = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'UTC',
  }).format(date);
  return `${day}, ${time} UTC`;
}
