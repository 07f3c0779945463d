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
 * The transfer tools a sub-processor entry can name, with the provision each rests on.
 * `requiresTia`: Schrems II (C-311/18) and EDPB Recommendations 01/2020 v2 ask for a transfer impact
 * assessment for transfers on Art. 46 tools.
 */
export const SAFEGUARD_TYPES = {
  eea: { article: 'Chapter V does not apply (EEA)', requiresTia: false },
  adequacy: { article: 'Art. 45', requiresTia: false },
  scc: { article: 'Art. 46(2)(c)', requiresTia: true, instrument: 'Implementing Decision (EU) 2021/914' },
  bcr: { article: 'Art. 46(2)(b) and Art. 47', requiresTia: true },
  'code-of-conduct': { article: 'Art. 46(2)(e) and Art. 40', requiresTia: true },
  certification: { article: 'Art. 46(2)(f) and Art. 42', requiresTia: true },
  'ad-hoc-clauses': { article: 'Art. 46(3)(a)', requiresTia: true },
  'public-authority-instrument': { article: 'Art. 46(2)(a)', requiresTia: true },
  derogation: { article: 'Art. 49(1)', requiresTia: false },
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
export const ARTICLE_49_POINT_NAMES = Object.keys(ARTICLE_49_POINTS) as [Article49Point, ...Article49Point[]];

/** SCC modules of Implementing Decision (EU) 2021/914. */
export const SCC_MODULES = {
  1: 'controller to controller',
  2: 'controller to processor',
  3: 'processor to processor',
  4: 'processor to controller',
} as const;

/** Art. 28(2) sets no period; 15 calendar days is the registry's default per contract (team decision). */
export const DEFAULT_NOTICE_PERIOD_DAYS = 15;
