import { type Language, LOCALES } from './language.js';

/** How each language joins a day and a UTC time: "Monday, 7 December 2026, 10:00 UTC", "lundi 7 décembre 2026 à 10:00 UTC". */
const DAY_AND_TIME: Record<Language, (day: string, time: string) => string> = {
  en: (day, time) => `${day}, ${time} UTC`,
  fr: (day, time) => `${day} à ${time} UTC`,
};

/**
 * What Intl leaves to the writer: French writes the first day of a month as an ordinal, « 1er mai »
 * (Imprimerie nationale rules, and every French legal text), where Intl gives « 1 mai ».
 */
const DAY_CONVENTIONS: Record<Language, (formatted: string) => string> = {
  en: (formatted) => formatted,
  fr: (formatted) => formatted.replace(/(^|\s)1(?=\s)/, '$11er'),
};

/**
 * A moment as a person reads it, the language's way, always in UTC and saying so: a deadline must
 * read the same wherever the client is (the window closes at one instant).
 */
export function formatDateTime(iso: string, language: Language): string {
  const date = new Date(iso);
  const day = new Intl.DateTimeFormat(LOCALES[language], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
  const time = new Intl.DateTimeFormat(LOCALES[language], {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(date);
  return DAY_AND_TIME[language](DAY_CONVENTIONS[language](day), time);
}

/** A calendar date (ISO `YYYY-MM-DD` or a full timestamp, read in UTC): "26 January 2026", "26 janvier 2026". */
export function formatDay(iso: string, language: Language): string {
  return DAY_CONVENTIONS[language](
    new Intl.DateTimeFormat(LOCALES[language], {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(iso)),
  );
}

/** The forms of a counted word; `one` and `other` are the categories English and French use. */
export interface PluralForms {
  one: string;
  other: string;
}

/**
 * The count with its word in the language's plural category (Intl.PluralRules): French puts 0 and 1
 * in the singular ("0 objection", "1 objection", "2 objections"), English only 1.
 */
export function plural(language: Language, count: number, forms: PluralForms): string {
  const category = new Intl.PluralRules(LOCALES[language]).select(count);
  return `${count} ${category === 'one' ? forms.one : forms.other}`;
}
