import type { PendingChange, TransferFlag } from '../domain/transfers.js';
import type { TransferRuleName } from '../legal/transfer-rule-names.js';
import { plural } from './format.js';
import type { Language } from './language.js';

/** Which of the three transfer views a page shows: the operator's, a processor's, a client's. */
export type TransferViewName = 'all' | 'processor' | 'client';

/** The column keys of the CSV, in order: each language gives every one a header. */
export type TransferCsvColumn =
  | 'processorId'
  | 'processorName'
  | 'subprocessorName'
  | 'path'
  | 'level'
  | 'countryCode'
  | 'countryName'
  | 'internationalOrganisation'
  | 'inEea'
  | 'safeguardType'
  | 'legalBasis'
  | 'adequacyDecisionDate'
  | 'purpose'
  | 'dataCategories'
  | 'scopes'
  | 'sinceVersion'
  | 'since'
  | 'pendingChanges'
  | 'flags'
  | 'affectedContracts'
  | 'address';

const EN_TITLES: Record<TransferViewName, string> = {
  all: 'Transfers outside the EEA',
  processor: 'Your transfers',
  client: 'Transfers of your processors',
};

/** English CSV headers are the API's field names: a script reading the file finds the JSON's names. */
const EN_CSV_HEADERS: Record<TransferCsvColumn, string> = {
  processorId: 'processorId',
  processorName: 'processorName',
  subprocessorName: 'subprocessorName',
  path: 'path',
  level: 'level',
  countryCode: 'countryCode',
  countryName: 'countryName',
  internationalOrganisation: 'internationalOrganisation',
  inEea: 'inEea',
  safeguardType: 'safeguardType',
  legalBasis: 'legalBasis',
  adequacyDecisionDate: 'adequacyDecisionDate',
  purpose: 'purpose',
  dataCategories: 'dataCategories',
  scopes: 'scopes',
  sinceVersion: 'sinceVersion',
  since: 'since',
  pendingChanges: 'pendingChanges',
  flags: 'flags',
  affectedContracts: 'affectedContracts',
  address: 'address',
};

/** The transfer page and the CSV: headers and sentences; the legal names come from shared/legal/reference.ts. */
const en = {
  titles: EN_TITLES,
  count: (n: number) => `${plural('en', n, { one: 'transfer', other: 'transfers' })}.`,
  downloadCsv: 'Download CSV',
  json: 'JSON',
  nextPage: 'Next page',
  byCountry: 'By country',
  bySafeguard: 'By safeguard',
  transfersCaption: 'Transfers',
  columns: {
    processor: 'Processor',
    subprocessor: 'Sub-processor',
    country: 'Country',
    safeguard: 'Safeguard',
    legalBasis: 'Legal basis',
    purpose: 'Purpose',
    since: 'Since',
    pending: 'Pending',
    flags: 'Flags',
    contractsAffected: 'Contracts affected',
    transfers: 'Transfers',
  },
  /** A row of the "by safeguard" count: English keys it by the API's type name, as it always did. */
  safeguardCount: (type: string, _typeName: string, article: string) => `${type} — ${article}`,
  decisionOf: (date: string) => `decision of ${date}`,
  /** The contracts an entry concerns (scopes): those that use one of these parts of the service. */
  scopes: (labels: readonly string[]) => `only for contracts with: ${labels.join(', ')}`,
  version: (version: number) => `version ${version}`,
  pendingChange: (kind: PendingChange['kind'], version: number, from: string) =>
    `${kind}, version ${version}, from ${from}`,
  pendingChangeCsv: (kind: PendingChange['kind'], version: number, from: string) =>
    `${kind} in version ${version} from ${from}`,
  contractOfClient: (contractId: string, clientId: string) => `${contractId} (client ${clientId})`,
  /** English shows each flag's own message, the one the JSON answer carries (it names the decision and date). */
  flag: (flag: TransferFlag) => flag.message,
  csvHeaders: EN_CSV_HEADERS,
};

export type TransferMessages = typeof en;

const PENDING_FR: Record<PendingChange['kind'], string> = {
  addition: 'ajout',
  change: 'modification',
  removal: 'retrait',
};

/** Each rule the registry checks, as a French lawyer reads the flag (the sources as French texts cite them). */
const FLAGS_FR: Record<TransferRuleName, string> = {
  'eea-country-takes-eea':
    'Article 44 du RGPD : à l’intérieur de l’Espace économique européen, il n’y a pas de transfert au sens du chapitre V',
  'eea-only-inside-eea':
    'Article 44 du RGPD : un transfert hors de l’Espace économique européen repose sur l’article 45, 46 ou 49',
  'adequacy-decision-in-force':
    'Article 45, paragraphe 3, du RGPD : la décision d’adéquation ne couvre pas ce transfert à cette date',
  'adequacy-scope':
    'Article 45 du RGPD : la décision d’adéquation ne couvre que les destinataires dans son champ (certification au cadre de protection des données UE–États-Unis, ou champ sectoriel), non confirmé pour ce destinataire',
  'dpf-only-for-us':
    'Décision d’exécution (UE) 2023/1795 : le cadre de protection des données ne couvre que des organisations américaines',
  'derogation-not-for-routine-transfers':
    'Article 49 du RGPD ; lignes directrices 2/2018 du CEPD : les dérogations valent pour des transferts occasionnels, non pour ceux, réguliers, d’un sous-traitant ultérieur',
  'tia-recommended':
    'Arrêt C-311/18 (Schrems II) ; recommandations 01/2020 du CEPD : aucune référence d’analyse d’impact du transfert',
};

const fr: TransferMessages = {
  titles: {
    all: 'Transferts hors de l’Espace économique européen',
    processor: 'Vos transferts',
    client: 'Transferts de vos sous-traitants',
  },
  count: (n) => `${plural('fr', n, { one: 'transfert', other: 'transferts' })}.`,
  downloadCsv: 'Télécharger le CSV',
  json: 'JSON',
  nextPage: 'Page suivante',
  byCountry: 'Par pays',
  bySafeguard: 'Par encadrement',
  transfersCaption: 'Transferts',
  columns: {
    processor: 'Sous-traitant',
    subprocessor: 'Sous-traitant ultérieur',
    country: 'Pays',
    safeguard: 'Encadrement',
    legalBasis: 'Fondement juridique',
    purpose: 'Finalité',
    since: 'Depuis',
    pending: 'En attente',
    flags: 'Alertes',
    contractsAffected: 'Contrats concernés',
    transfers: 'Transferts',
  },
  safeguardCount: (_type, typeName, article) => `${typeName} — ${article}`,
  decisionOf: (date) => `décision du ${date}`,
  scopes: (labels) => `uniquement pour les contrats avec : ${labels.join(', ')}`,
  version: (version) => `version ${version}`,
  pendingChange: (kind, version, from) => `${PENDING_FR[kind]}, version ${version}, à partir du ${from}`,
  pendingChangeCsv: (kind, version, from) => `${PENDING_FR[kind]} en version ${version} à partir du ${from}`,
  contractOfClient: (contractId, clientId) => `${contractId} (client ${clientId})`,
  flag: (flag) => FLAGS_FR[flag.rule],
  csvHeaders: {
    processorId: 'id_sous_traitant',
    processorName: 'sous_traitant',
    subprocessorName: 'sous_traitant_ulterieur',
    path: 'chaine',
    level: 'niveau',
    countryCode: 'code_pays',
    countryName: 'pays',
    internationalOrganisation: 'organisation_internationale',
    inEea: 'dans_EEE',
    safeguardType: 'type_encadrement',
    legalBasis: 'fondement_juridique',
    adequacyDecisionDate: 'date_decision_adequation',
    purpose: 'finalite',
    dataCategories: 'categories_de_donnees',
    scopes: 'perimetres',
    sinceVersion: 'depuis_version',
    since: 'depuis',
    pendingChanges: 'modifications_en_attente',
    flags: 'alertes',
    affectedContracts: 'contrats_concernes',
    address: 'adresse',
  },
};

export const TRANSFER_MESSAGES: Record<Language, TransferMessages> = { en, fr };
