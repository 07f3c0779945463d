import escapeHtml from 'escape-html';
import type { PublicList, PublicVersion } from '../domain/public-list.js';
import type { Language } from '../i18n/language.js';
import { TRUST_MESSAGES } from '../i18n/trust.js';
import { html } from './html.js';

export interface FeedLinks {
  /** The feed's own URL (rel="self"). */
  self: string;
  /** The page a person reads (rel="alternate"). */
  page: string;
  /** The machine-readable list. */
  json: string;
}

/** Stable across renderings: a feed reader recognises each version's entry by it. */
const entryId = (processorId: string, version: number) => `urn:subprocessor-registry:${processorId}:version:${version}`;

/** When an entry last changed: its publication, or when its effect (or withdrawal) was recorded. */
function updatedAt(v: PublicVersion): Date {
  const settled = v.effectiveState === 'effective' && v.effectiveAt > v.publishedAt ? v.effectiveAt : v.publishedAt;
  return new Date(settled);
}

function entryContent(v: PublicVersion, language: Language): string {
  const m = TRUST_MESSAGES[language];
  const lines = [
    ...v.changes.added.map(
      (a) => html`<li>${m.added}: ${a.name}${a.replaces ? html` (${m.replaces(a.replaces.name)})` : ''}</li>`,
    ),
    ...v.changes.changed.map(
      (c) => html`<li>${m.changed}: ${c.name} (${m.changedFields(c.fields.map((f) => f.field))})</li>`,
    ),
    ...v.changes.removed.map((r) => html`<li>${m.removed}: ${r.name}</li>`),
  ];
  return html`<p>${m.state(v)}</p>${v.withdraws !== undefined ? html`<p>${m.withdraws(v.withdraws)}</p>` : ''}${
    v.baseline ? html`<p>${m.baseline}</p>` : lines.length === 0 ? html`<p>${m.noChange}</p>` : html`<ul>${lines}</ul>`
  }`.value;
}

/** An XML element with escaped text (escape-html escapes &, <, >, " and ', which XML needs too). */
const element = (name: string, text: string, attributes = '') => `<${name}${attributes}>${escapeHtml(text)}</${name}>`;
const link = (rel: string, href: string, type?: string) =>
  `<link rel="${rel}" href="${escapeHtml(href)}"${type === undefined ? '' : ` type="${type}"`}/>`;

/**
 * The Atom 1.0 feed (RFC 4287) of a processor's list: one entry per version, newest first, with its
 * changes and when it applies ("not before" while its windows run). Every text is escaped; entry
 * content is HTML built by the escaping `html` tag, then escaped once more as the text of
 * `<content type="html">` (RFC 4287 §3.1.1.2), so nothing a vendor typed becomes markup.
 */
export function subprocessorsAtomFeed(list: PublicList, links: FeedLinks, language: Language): string {
  const m = TRUST_MESSAGES[language];
  const updated = list.history.map(updatedAt).reduce((a, b) => (a > b ? a : b), new Date(0));
  const entries = list.history.map((v) =>
    [
      '<entry>',
      element('id', entryId(list.processor.id, v.version)),
      element('title', m.versionTitle(v.version)),
      link('alternate', `${links.page}#version-${v.version}`),
      element('published', v.publishedAt),
      element('updated', updatedAt(v).toISOString()),
      element('content', entryContent(v, language), ' type="html"'),
      '</entry>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${language}">`,
    element('id', `urn:subprocessor-registry:${list.processor.id}`),
    element('title', m.feedTitle(list.processor.name)),
    element('subtitle', m.feedSubtitle(list.processor.name)),
    element('updated', updated.toISOString()),
    `<author>${element('name', list.processor.name)}</author>`,
    link('self', links.self, 'application/atom+xml'),
    link('alternate', links.page, 'text/html'),
    link('alternate', links.json, 'application/json'),
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
