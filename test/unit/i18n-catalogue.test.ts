import { describe, expect, it } from 'vitest';
import { CHANGES_MESSAGES, type ChangesMessages } from '../../shared/i18n/changes.js';
import { CLIENT_NOTICE_MESSAGES, type ClientNoticeMessages } from '../../shared/i18n/client-notices.js';
import { formatDateTime, formatDay, plural } from '../../shared/i18n/format.js';
import { LANGUAGES, type Language } from '../../shared/i18n/language.js';
import { negotiateLanguage } from '../../shared/i18n/negotiate.js';
import { TRANSFER_MESSAGES } from '../../shared/i18n/transfers.js';
import { VENDOR_EMAIL_MESSAGES } from '../../shared/i18n/vendor-emails.js';
import { countryName } from '../../shared/legal/countries.js';
import { SAFEGUARD_TYPE_NAMES, SAFEGUARD_TYPES } from '../../shared/legal/reference.js';

describe('the typed catalogues', () => {
  it('fail the type check when a language lacks a key, or a catalogue lacks a language', () => {
    // @ts-expect-error: the English catalogue's type is the contract; a French one with one key is refused.
    const incomplete: ClientNoticeMessages = { linkLabel: 'Consulter les modifications' };
    // @ts-expect-error: every language of LANGUAGES must be given.
    const onlyEnglish: Record<Language, ChangesMessages> = { en: CHANGES_MESSAGES.en };
    // @ts-expect-error: a message with parameters is a function of them, not a string.
    const notAFunction: ClientNoticeMessages = { ...CLIENT_NOTICE_MESSAGES.fr, objectUntil: 'jusqu’au' };
    expect([incomplete, onlyEnglish, notAFunction]).toHaveLength(3);
  });

  it('gives every safeguard type a label in every language, and the French provision', () => {
    for (const type of SAFEGUARD_TYPE_NAMES) {
      for (const language of LANGUAGES) expect(SAFEGUARD_TYPES[type].label[language], type).not.toBe('');
      expect(SAFEGUARD_TYPES[type].articleFr, type).toMatch(/RGPD|Espace économique européen/);
    }
    expect(SAFEGUARD_TYPES.scc.articleFr).toBe('article 46, paragraphe 2, point c) du RGPD');
    expect(SAFEGUARD_TYPES.bcr.label.fr).toBe('Règles d’entreprise contraignantes');
  });
});

describe('plurals (Intl.PluralRules)', () => {
  it('puts 0 and 1 in the French singular and only 1 in the English one', () => {
    const objection = { one: 'objection', other: 'objections' };
    expect([0, 1, 2].map((n) => plural('fr', n, objection))).toEqual(['0 objection', '1 objection', '2 objections']);
    expect([0, 1, 2].map((n) => plural('en', n, objection))).toEqual(['0 objections', '1 objection', '2 objections']);
  });

  it('counts transfers and the vendor summary’s outcomes in each language’s plural', () => {
    expect([0, 1, 2].map((n) => TRANSFER_MESSAGES.en.count(n))).toEqual([
      '0 transfers.',
      '1 transfer.',
      '2 transfers.',
    ]);
    expect([0, 1, 2].map((n) => TRANSFER_MESSAGES.fr.count(n))).toEqual([
      '0 transfert.',
      '1 transfert.',
      '2 transferts.',
    ]);
    expect([0, 1, 2].map((n) => VENDOR_EMAIL_MESSAGES.fr.counts.objected(n))).toEqual([
      '0 opposition',
      '1 opposition',
      '2 oppositions',
    ]);
    expect(VENDOR_EMAIL_MESSAGES.fr.counts.notNotified(2)).toBe(
      '2 contrats non notifiés (l’e-mail n’est jamais arrivé)',
    );
  });
});

describe('dates and countries', () => {
  it('writes a moment the language’s way, always in UTC and saying so', () => {
    expect(formatDateTime('2026-12-07T00:05:00.000Z', 'en')).toBe('Monday, 7 December 2026, 00:05 UTC');
    expect(formatDateTime('2026-12-07T00:05:00.000Z', 'fr')).toBe('lundi 7 décembre 2026 à 00:05 UTC');
    // 23:30 UTC is already the next day in Paris: the day written is the UTC one.
    expect(formatDateTime('2026-12-31T23:30:00.000Z', 'fr')).toBe('jeudi 31 décembre 2026 à 23:30 UTC');
    expect(formatDay('2023-07-10', 'fr')).toBe('10 juillet 2023');
    expect(formatDay('2023-07-10', 'en')).toBe('10 July 2023');
    // The first of a month is an ordinal in French, and only the day: not a 1 in the year or the time.
    expect(formatDay('2026-11-01', 'fr')).toBe('1er novembre 2026');
    expect(formatDateTime('2026-12-01T01:01:00.000Z', 'fr')).toBe('mardi 1er décembre 2026 à 01:01 UTC');
    expect(formatDateTime('2026-12-11T10:00:00.000Z', 'fr')).toBe('vendredi 11 décembre 2026 à 10:00 UTC');
    expect(formatDay('2026-11-01', 'en')).toBe('1 November 2026');
  });

  it('names a country from the library in the language', () => {
    expect(countryName('US', 'fr')).toBe("États-Unis d'Amérique");
    expect(countryName('DE', 'fr')).toBe('Allemagne');
    expect(countryName('US')).toBe('United States of America');
  });
});

describe('negotiateLanguage', () => {
  it.each([
    ['fr', undefined, undefined, 'fr'],
    ['en', 'fr', undefined, 'en'],
    [undefined, 'fr-FR,fr;q=0.9,en;q=0.8', undefined, 'fr'],
    [undefined, 'en;q=0.5, fr;q=0.9', undefined, 'fr'],
    [undefined, 'fr;q=0, en', undefined, 'en'],
    [undefined, 'de-DE, fr-CA;q=0.2', undefined, 'fr'],
    [undefined, 'de', undefined, 'en'],
    [undefined, '', undefined, 'en'],
    [undefined, undefined, undefined, 'en'],
    [undefined, 'en', 'fr', 'fr'],
    ['en', undefined, 'fr', 'en'],
  ] as const)('lang=%s, Accept-Language %s, contract %s → %s', (asked, accept, contract, expected) => {
    expect(negotiateLanguage(asked, accept, contract)).toBe(expected);
  });
});
