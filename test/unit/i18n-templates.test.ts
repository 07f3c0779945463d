import { describe, expect, it } from 'vitest';
import type { EmailContent } from '../../shared/domain/ports.js';
import { LANGUAGES, type Language } from '../../shared/i18n/language.js';
import { emailRenderer } from '../../shared/views/email-renderer.js';
import { crossSiteFormPage, renderDecisionPage, unknownLinkPage } from '../../shared/views/objection-page.js';
import { transfersCsv } from '../../shared/views/transfers-csv.js';
import { renderTransfersPage } from '../../shared/views/transfers-page.js';
import {
  ALERT,
  CLOSED_VIEW,
  DECIDED_VIEW,
  DECISION,
  INFORMATIONAL,
  NOTICE,
  OPEN_VIEW,
  PERSONAL,
  SUMMARY,
  TRANSFERS,
  TYPED_VALUES,
  WITHDRAWN_VIEW,
} from '../support/i18n-fixtures.js';

const email = (content: EmailContent) =>
  `Subject: ${content.subject}\n\n${content.text}\n\n---- HTML ----\n${content.html}\n`;

/** Every template a person reads, by name, rendered in one language: e-mails, pages, the CSV. */
const TEMPLATES: Record<string, (language: Language) => string> = {
  'notice-email': (l) => email(emailRenderer.noticeEmail(NOTICE, PERSONAL, l)),
  'notice-email-informational': (l) => email(emailRenderer.noticeEmail(INFORMATIONAL, {}, l)),
  'reminder-email': (l) => email(emailRenderer.reminderEmail(NOTICE, PERSONAL, l)),
  'resend-email': (l) =>
    email(emailRenderer.noticeEmail(NOTICE, { ...PERSONAL, closesAt: '2027-01-04T17:45:00.000Z' }, l)),
  'withdrawal-email': (l) =>
    email(emailRenderer.changeWithdrawn(NOTICE, { withdrawnAt: '2026-12-05T08:00:00.000Z', byVersion: 3 }, l)),
  'decision-confirmation-object': (l) => email(emailRenderer.decisionConfirmation(NOTICE, DECISION, l)),
  'decision-confirmation-approve': (l) =>
    email(
      emailRenderer.decisionConfirmation(
        NOTICE,
        { decision: 'approve', at: DECISION.at, ip: DECISION.ip, userAgent: DECISION.userAgent },
        l,
      ),
    ),
  'objection-alert': (l) => email(emailRenderer.objectionAlert(ALERT, l)),
  'objection-alert-no-grounds': (l) => {
    const { grounds: _none, ...withoutGrounds } = ALERT;
    return email(emailRenderer.objectionAlert(withoutGrounds, l));
  },
  'notice-summary': (l) => email(emailRenderer.noticeSummary(SUMMARY, l)),
  'notice-summary-all-well': (l) =>
    email(
      emailRenderer.noticeSummary(
        {
          ...SUMMARY,
          counts: { objected: 0, approved: 2, impliedConsent: 0, notNotified: 0, withdrawn: 0 },
          objections: [],
          notNotified: [],
          omitted: { objections: 0, notNotified: 0 },
        },
        l,
      ),
    ),
  'objection-page-open': (l) => renderDecisionPage(OPEN_VIEW, l),
  'objection-page-invalid-form': (l) =>
    renderDecisionPage(OPEN_VIEW, l, {
      issues: [{ path: 'decision', rule: 'invalid-value', message: 'decision: press Object or Approve' }],
    }),
  'objection-page-recorded': (l) => renderDecisionPage(DECIDED_VIEW, l, { recordedNow: true }),
  'objection-page-already-recorded': (l) => renderDecisionPage(DECIDED_VIEW, l),
  'objection-page-closed': (l) => renderDecisionPage(CLOSED_VIEW, l),
  'objection-page-withdrawn': (l) => renderDecisionPage(WITHDRAWN_VIEW, l),
  'objection-page-unknown-link': (l) => unknownLinkPage(l),
  'objection-page-cross-site': (l) => crossSiteFormPage(l),
  'transfers-page': (l) =>
    renderTransfersPage('client', TRANSFERS, { csv: '/clients/cli_notary/transfers?format=csv', json: '/x' }, l),
  'transfers-csv': (l) => transfersCsv(TRANSFERS, l),
};

/** The text a person reads: tags, styles and entities out. */
function readable(rendered: string): string {
  return rendered
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A word a person reads: letters, with inner hyphens or apostrophes ("sub-processors", "d’un"). */
const WORD = /^\p{L}[\p{L}'’-]*$/u;

/**
 * The runs of consecutive words of a text, lower case. Anything else (a number, a date, an id, a path,
 * an e-mail address) ends a run, so that no window spans it.
 */
function runsOf(text: string): string[][] {
  const runs: string[][] = [[]];
  for (const token of text.toLowerCase().split(/[\s,;:.!?()«»“”"…—–|]+/)) {
    const current = runs[runs.length - 1] as string[];
    if (WORD.test(token) && !/--/.test(token)) current.push(token);
    else if (token !== '' && current.length > 0) runs.push([]);
  }
  return runs.filter((run) => run.length > 0);
}

/**
 * The English sentences of a rendering, as runs of 3 words and more: vendor-typed values, ids, URLs
 * and API paths are cut out first (they stay as typed in every language), so each run is the
 * registry's own wording.
 */
function englishRuns(english: string): string[][] {
  let text = readable(english);
  for (const value of [...TYPED_VALUES].sort((a, b) => b.length - a.length)) text = text.split(value).join('\n');
  return text
    .split(/\n|[.!?;:](?=\s|$)|—|,/)
    .flatMap(runsOf)
    .filter((run) => run.length >= 3);
}

/** Each English run's 3-word windows that the French rendering still holds, word for word. */
function untranslated(english: string, french: string): string[] {
  const frenchText = ` ${runsOf(readable(french))
    .map((run) => run.join(' '))
    .join(' | ')} `;
  const found = new Set<string>();
  for (const run of englishRuns(english)) {
    for (let i = 0; i + 3 <= run.length; i++) {
      const window = run.slice(i, i + 3).join(' ');
      if (frenchText.includes(` ${window} `)) found.add(window);
    }
  }
  return [...found];
}

describe('every template, in every language', () => {
  for (const [name, render] of Object.entries(TEMPLATES)) {
    for (const language of LANGUAGES) {
      it(`${name} (${language}) is as reviewed`, async () => {
        const extension = name.endsWith('csv') ? 'csv' : name.includes('page') ? 'html' : 'txt';
        await expect(render(language)).toMatchFileSnapshot(`./__snapshots__/i18n/${name}.${language}.${extension}`);
      });
    }
  }
});

describe('the renderings in every other language hold no English sentence', () => {
  for (const [name, render] of Object.entries(TEMPLATES)) {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      it(`${name} (${language})`, () => {
        const english = render('en');
        // The test can fail: the English rendering has sentences of its own to find.
        expect(englishRuns(english).length).toBeGreaterThan(0);
        expect(untranslated(english, render(language))).toEqual([]);
      });
    }
  }

  it('finds an English sentence left in a French rendering', () => {
    const english = TEMPLATES['notice-email']?.('en') ?? '';
    const french = `${TEMPLATES['notice-email']?.('fr')}\nOpening the link records nothing: only the form on that page does.`;
    expect(untranslated(english, french)).toEqual(
      expect.arrayContaining(['opening the link', 'only the form', 'form on that']),
    );
  });
});

describe('the language of each rendering', () => {
  it('declares it in the HTML of every e-mail and page', () => {
    for (const [name, render] of Object.entries(TEMPLATES)) {
      if (name.endsWith('csv')) continue;
      for (const language of LANGUAGES) expect(render(language), name).toContain(`<html lang="${language}">`);
    }
  });

  it('writes the deadline the language’s way, with its UTC time, and names countries in the language', () => {
    const en = emailRenderer.noticeEmail(NOTICE, PERSONAL, 'en');
    const fr = emailRenderer.noticeEmail(NOTICE, PERSONAL, 'fr');

    expect(en.subject).toBe(
      'Acme Cloud SAS: change of sub-processors — you may object until Wednesday, 16 December 2026, 09:00 UTC',
    );
    expect(fr.subject).toBe(
      'Acme Cloud SAS : modification des sous-traitants ultérieurs — vous pouvez vous y opposer jusqu’au mercredi 16 décembre 2026 à 09:00 UTC',
    );
    expect(en.text).toContain('List version 2 takes effect not before Thursday, 31 December 2026, 23:30 UTC.');
    expect(fr.text).toContain(
      'La version 2 de la liste prend effet au plus tôt le jeudi 31 décembre 2026 à 23:30 UTC.',
    );
    expect(en.text).toContain('  Country: United States of America (US)');
    expect(fr.text).toContain("  Pays : États-Unis d'Amérique (US)");
    expect(fr.text).toContain('  Pays : Allemagne (DE)');
  });

  it('uses the French legal vocabulary for safeguards and articles', () => {
    const fr = emailRenderer.noticeEmail(NOTICE, PERSONAL, 'fr').text;

    expect(fr).toContain('sous-traitants ultérieurs');
    expect(fr).toContain('(article 28, paragraphe 2, du RGPD)');
    expect(fr).toContain(
      'Règles d’entreprise contraignantes, article 46, paragraphe 2, point b), et article 47 du RGPD',
    );
    expect(fr).toContain('Espace économique européen (pas de transfert)');
    expect(fr).toContain('Dérogation, article 49, paragraphe 1, deuxième alinéa du RGPD');
    const page = renderTransfersPage('all', TRANSFERS, { csv: '/c', json: '/j' }, 'fr');
    expect(page).toContain('<tr><td>Décision d’adéquation — article 45 du RGPD</td><td>1</td></tr>');
    expect(page).toContain('<td>Clauses contractuelles types<br><small>scc</small></td>');
    expect(page).toContain('<td>article 46, paragraphe 2, point c) du RGPD</td>');
  });

  it('shows a notice stored before rows kept their terms as it was stored (English)', () => {
    const legacy = {
      ...NOTICE,
      changes: NOTICE.changes.map(({ countryCode: _code, safeguardTerms: _terms, ...row }) => row),
    };
    const fr = emailRenderer.noticeEmail(legacy, PERSONAL, 'fr').text;

    expect(fr).toContain('  Pays : United States of America (US)');
    expect(fr).toContain('  Encadrement du transfert : Adequacy decision, Art. 45 (EU-US Data Privacy Framework)');
  });
});
