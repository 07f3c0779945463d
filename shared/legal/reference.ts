/**
 * The legal facts the registry applies, as dated data with their sources.
 *
 * One table per concept; nothing else in the code base names a country, a decision or an article
 * number. Re-check the adequacy rows before a release and move `lastVerified` (see
 * ../shared/legal-reference.md in the team notes). `RULES_VERSION` is stamped on every list version
 * so evidence shows which rules were applied.
 */

export const RULES_VERSION = '2026-11-01';

/** EEA = EU 27 + Iceland, Liechtenstein, Norway. ISO codes: Greece is GR (EU texts say EL). */
export const EEA = {
  members: [
    'AT',
    'BE',
    'BG',
    'HR',
    'CY',
    'CZ',
    'DK',
    'EE',
    'FI',
    'FR',
    'DE',
    'GR',
    'HU',
    'IE',
    'IT',
    'LV',
    'LT',
    'LU',
    'MT',
    'NL',
    'PL',
    'PT',
    'RO',
    'SK',
    'SI',
    'ES',
    'SE',
    'IS',
    'LI',
    'NO',
  ],
  /**
   * EU territories that ISO 3166-1 lists under codes of their own (Art. 355 TFEU: Åland and the
   * outermost regions are part of the Union). GL, FO, AW, CW, SX, BQ are not, so they are absent.
   */
  territoriesInsideEu: ['AX', 'GF', 'GP', 'MQ', 'RE', 'YT', 'MF'],
  source: 'TEU Art. 52 and TFEU Art. 355 (EU territory); EEA Agreement (IS, LI, NO)',
  lastVerified: '2026-11-01',
} as const;

/** Who a decision covers: a country by ISO 3166-1 alpha-2 code, or an international organisation. */
export type AdequacyRecipient =
  | { kind: 'country'; code: string }
  | { kind: 'international-organisation'; id: string; names: readonly string[] };

/**
 * A scope condition the sub-processor itself must meet for the decision to cover it.
 * `dpf-certified`: the organisation is on the Data Privacy Framework List (checked by `dpfCertified`).
 * `sectoral`: a condition we cannot check ourselves; the vendor confirms it with `withinScope: true`.
 */
export type AdequacyScope =
  | { kind: 'whole-country' }
  | { kind: 'dpf-certified'; description: string }
  | { kind: 'sectoral'; description: string };

export interface AdequacyDecision {
  recipient: AdequacyRecipient;
  name: string;
  /** Official reference of the Commission decision. */
  decision: string;
  /** Date the decision was adopted (ISO date). Transfers rely on it from that date. */
  since: string;
  /** Last day of validity, where the decision has a sunset clause. */
  until?: string;
  scope: AdequacyScope;
  note?: string;
  source: string;
  lastVerified: string;
}

const WHOLE: AdequacyScope = { kind: 'whole-country' };
const EURLEX = 'EUR-Lex, Commission implementing decision text';
const VERIFIED = '2026-11-01';

/** Art. 45 GDPR adequacy decisions in force, as researched in 2026-11. */
export const ADEQUACY_DECISIONS: readonly AdequacyDecision[] = [
  {
    recipient: { kind: 'country', code: 'CH' },
    name: 'Switzerland',
    decision: '2000/518/EC',
    since: '2000-07-26',
    scope: WHOLE,
    source: `${EURLEX}; Commission review of 15 Jan 2024`,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'CA' },
    name: 'Canada',
    decision: '2002/2/EC',
    since: '2001-12-20',
    scope: { kind: 'sectoral', description: 'only recipients subject to PIPEDA (commercial organisations)' },
    source: `${EURLEX}; Commission review of 15 Jan 2024`,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'AR' },
    name: 'Argentina',
    decision: '2003/490/EC',
    since: '2003-06-30',
    scope: WHOLE,
    source: `${EURLEX}; Commission review of 15 Jan 2024`,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'GG' },
    name: 'Guernsey',
    decision: '2003/821/EC',
    since: '2003-11-21',
    scope: WHOLE,
    note: 'day of adoption not confirmed from a primary source',
    source: `${EURLEX}; Commission review of 15 Jan 2024`,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'IM' },
    name: 'Isle of Man',
    decision: '2004/411/EC',
    since: '2004-04-28',
    scope: WHOLE,
    source: `${EURLEX}; Commission review of 15 Jan 2024`,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'JE' },
    name: 'Jersey',
    decision: '2008/393/EC',
    since: '2008-05-08',
    scope: WHOLE,
    source: `${EURLEX}; Commission review of 15 Jan 2024`,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'FO' },
    name: 'Faroe Islands',
    decision: '2010/146/EU',
    since: '2010-03-05',
    scope: {
      kind: 'sectoral',
      description: 'only recipients subject to the Faroese Act on processing of personal data',
    },
    source: `${EURLEX}; Commission review of 15 Jan 2024`,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'AD' },
    name: 'Andorra',
    decision: '2010/625/EU',
    since: '2010-10-19',
    scope: WHOLE,
    source: `${EURLEX}; Commission review of 15 Jan 2024`,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'IL' },
    name: 'Israel',
    decision: '2011/61/EU',
    since: '2011-01-31',
    scope: { kind: 'sectoral', description: 'only automated processing' },
    source: `${EURLEX}; Commission review of 15 Jan 2024`,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'UY' },
    name: 'Uruguay',
    decision: '2012/484/EU',
    since: '2012-08-21',
    scope: { kind: 'sectoral', description: 'only automated processing' },
    source: `${EURLEX}; Commission review of 15 Jan 2024`,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'NZ' },
    name: 'New Zealand',
    decision: '2013/65/EU',
    since: '2012-12-19',
    scope: WHOLE,
    source: `${EURLEX}; Commission review of 15 Jan 2024`,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'JP' },
    name: 'Japan',
    decision: '(EU) 2019/419',
    since: '2019-01-23',
    scope: { kind: 'sectoral', description: 'only business operators under the APPI (not the public sector)' },
    source: EURLEX,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'GB' },
    name: 'United Kingdom',
    decision: '(EU) 2021/1772',
    since: '2021-06-28',
    until: '2031-12-27',
    scope: WHOLE,
    note: 'renewed on 2025-12-19, valid until 2031-12-27',
    source: `${EURLEX}; renewal reported December 2025`,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'KR' },
    name: 'Republic of Korea',
    decision: '(EU) 2022/254',
    since: '2021-12-17',
    scope: {
      kind: 'sectoral',
      description: 'excludes credit information processed by entities supervised by the Financial Services Commission',
    },
    source: EURLEX,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'US' },
    name: 'United States (EU-US Data Privacy Framework)',
    decision: '(EU) 2023/1795',
    since: '2023-07-10',
    scope: { kind: 'dpf-certified', description: 'only organisations certified on the Data Privacy Framework List' },
    note: 'under appeal, C-703/25 P',
    source: 'EU-US DPF adequacy decision (EU) 2023/1795',
    lastVerified: VERIFIED,
  },
  {
    recipient: {
      kind: 'international-organisation',
      id: 'EPO',
      names: ['EPO', 'European Patent Organisation', 'European Patent Organization'],
    },
    name: 'European Patent Organisation',
    decision: '(EU) 2025/1382',
    since: '2025-07-15',
    scope: WHOLE,
    source: EURLEX,
    lastVerified: VERIFIED,
  },
  {
    recipient: { kind: 'country', code: 'BR' },
    name: 'Brazil',
    decision: '(EU) 2026/179',
    since: '2026-01-26',
    scope: WHOLE,
    note: 'one source reports February 2026',
    source: 'Brazil adequacy decision reported January 2026',
    lastVerified: VERIFIED,
  },
];

/**
 * The transfer tools a sub-processor entry can name, with the provision each rests on; `label` and
 * `articleFr` are how a person reads them in each language (the French as French law texts word it).
 * `requiresTia`: Schrems II (C-311/18) and EDPB Recommendations 01/2020 v2 ask for a transfer impact
 * assessment for transfers on Art. 46 tools.
 */
export const SAFEGUARD_TYPES = {
  eea: {
    article: 'Chapter V does not apply (EEA)',
    requiresTia: false,
    label: { en: 'EEA (no transfer)', fr: 'Espace économique européen (pas de transfert)' },
    articleFr: 'le chapitre V du RGPD ne s’applique pas (Espace économique européen)',
  },
  adequacy: {
    article: 'Art. 45',
    requiresTia: false,
    label: { en: 'Adequacy decision', fr: 'Décision d’adéquation' },
    articleFr: 'article 45 du RGPD',
  },
  scc: {
    article: 'Art. 46(2)(c)',
    requiresTia: true,
    instrument: 'Implementing Decision (EU) 2021/914',
    label: { en: 'Standard contractual clauses', fr: 'Clauses contractuelles types' },
    articleFr: 'article 46, paragraphe 2, point c) du RGPD',
  },
  bcr: {
    article: 'Art. 46(2)(b) and Art. 47',
    requiresTia: true,
    label: { en: 'Binding corporate rules', fr: 'Règles d’entreprise contraignantes' },
    articleFr: 'article 46, paragraphe 2, point b), et article 47 du RGPD',
  },
  'code-of-conduct': {
    article: 'Art. 46(2)(e) and Art. 40',
    requiresTia: true,
    label: { en: 'Code of conduct', fr: 'Code de conduite' },
    articleFr: 'article 46, paragraphe 2, point e), et article 40 du RGPD',
  },
  certification: {
    article: 'Art. 46(2)(f) and Art. 42',
    requiresTia: true,
    label: { en: 'Certification', fr: 'Mécanisme de certification' },
    articleFr: 'article 46, paragraphe 2, point f), et article 42 du RGPD',
  },
  'ad-hoc-clauses': {
    article: 'Art. 46(3)(a)',
    requiresTia: true,
    label: { en: 'Ad hoc contractual clauses', fr: 'Clauses contractuelles ad hoc' },
    articleFr: 'article 46, paragraphe 3, point a) du RGPD',
  },
  'public-authority-instrument': {
    article: 'Art. 46(2)(a)',
    requiresTia: true,
    label: {
      en: 'Instrument between public authorities',
      fr: 'Instrument juridiquement contraignant entre autorités publiques',
    },
    articleFr: 'article 46, paragraphe 2, point a) du RGPD',
  },
  derogation: {
    article: 'Art. 49(1)',
    requiresTia: false,
    label: { en: 'Derogation', fr: 'Dérogation' },
    articleFr: 'article 49, paragraphe 1 du RGPD',
  },
} as const;

export type SafeguardType = keyof typeof SAFEGUARD_TYPES;
export const SAFEGUARD_TYPE_NAMES = Object.keys(SAFEGUARD_TYPES) as [SafeguardType, ...SafeguardType[]];

/** Art. 49(1) derogations: (a)–(g) of the first subparagraph, and the second subparagraph. */
export const ARTICLE_49_POINTS = {
  a: 'explicit consent of the data subject',
  b: 'necessary for a contract with the data subject',
  c: 'necessary for a contract in the interest of the data subject',
  d: 'important reasons of public interest',
  e: 'establishment, exercise or defence of legal claims',
  f: 'vital interests',
  g: 'transfer from a public register',
  'compelling-legitimate-interests': 'compelling legitimate interests (second subparagraph)',
} as const;

export type Article49Point = keyof typeof ARTICLE_49_POINTS;

/** The same points as the French text of the GDPR (article 49, paragraphe 1) words them. */
export const ARTICLE_49_POINTS_FR: Record<Article49Point, string> = {
  a: 'consentement explicite de la personne concernée',
  b: 'nécessaire à l’exécution d’un contrat avec la personne concernée',
  c: 'nécessaire à un contrat conclu dans l’intérêt de la personne concernée',
  d: 'motifs importants d’intérêt public',
  e: 'constatation, exercice ou défense de droits en justice',
  f: 'sauvegarde des intérêts vitaux',
  g: 'transfert à partir d’un registre public',
  'compelling-legitimate-interests': 'intérêts légitimes impérieux',
};
export const ARTICLE_49_POINT_NAMES = Object.keys(ARTICLE_49_POINTS) as [Article49Point, ...Article49Point[]];

/** SCC modules of Implementing Decision (EU) 2021/914. */
export const SCC_MODULES = {
  1: 'controller to controller',
  2: 'controller to processor',
  3: 'processor to processor',
  4: 'processor to controller',
} as const;

/** The modules as the French version of Decision (UE) 2021/914 names them. */
export const SCC_MODULES_FR: Record<keyof typeof SCC_MODULES, string> = {
  1: 'de responsable du traitement à responsable du traitement',
  2: 'de responsable du traitement à sous-traitant',
  3: 'de sous-traitant à sous-traitant',
  4: 'de sous-traitant à responsable du traitement',
};

/** Art. 28(2) sets no period; 15 calendar days is the registry's default per contract (team decision). */
export const DEFAULT_NOTICE_PERIOD_DAYS = 15;
