import { stringify } from 'csv-stringify/sync';
import type { TransferResult } from '../domain/transfer-queries.js';
import type { Language } from '../i18n/language.js';
import { legalBasisLabel } from '../i18n/legal-labels.js';
import { TRANSFER_MESSAGES, type TransferCsvColumn } from '../i18n/transfers.js';
import { countryName } from '../legal/countries.js';

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) is prefixed with
 * an apostrophe: vendors type these values, lawyers open the file in a spreadsheet (OWASP CSV
 * injection).
 */
const inert = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/**
 * The cells, in column order. Codes, ids, booleans and ISO dates stay as the API gives them (a
 * spreadsheet filters on them); the words a person reads are in the language of the file.
 */
const COLUMNS: Record<TransferCsvColumn, (t: TransferResult, language: Language) => string> = {
  processorId: (t) => t.processorId,
  processorName: (t) => t.processorName,
  subprocessorName: (t) => t.subprocessorName,
  path: (t) => t.path.join(' → '),
  level: (t) => String(t.level),
  countryCode: (t) => t.country?.code ?? '',
  countryName: (t, language) => (t.country === null ? '' : countryName(t.country.code, language)),
  internationalOrganisation: (t) => t.internationalOrganisation ?? '',
  inEea: (t) => String(t.inEea),
  safeguardType: (t) => t.safeguardType,
  legalBasis: (t, language) => legalBasisLabel(t, language),
  adequacyDecisionDate: (t) => t.adequacyDecision?.since ?? '',
  purpose: (t) => t.purpose,
  dataCategories: (t) => t.dataCategories.join('; '),
  scopes: (t) => t.scopes.join('; '),
  sinceVersion: (t) => String(t.sinceVersion),
  since: (t) => t.since,
  pendingChanges: (t, language) =>
    t.pendingChanges
      .map((c) => TRANSFER_MESSAGES[language].pendingChangeCsv(c.kind, c.version, c.effectiveAt))
      .join('; '),
  flags: (t) => t.flags.map((f) => f.rule).join('; '),
  affectedContracts: (t, language) =>
    (t.affectedContracts ?? [])
      .map((c) => TRANSFER_MESSAGES[language].contractOfClient(c.contractId, c.clientId))
      .join('; '),
  address: (t) => t.address,
};

/** RFC 4180 CSV with a header row in the language asked for, one row per transfer. */
export function transfersCsv(transfers: readonly TransferResult[], language: Language): string {
  const columns = Object.entries(COLUMNS) as Array<[TransferCsvColumn, (t: TransferResult, l: Language) => string]>;
  const headers = TRANSFER_MESSAGES[language].csvHeaders;
  return stringify(
    transfers.map((transfer) => columns.map(([, cell]) => inert(cell(transfer, language)))),
    { header: true, columns: columns.map(([name]) => headers[name]), record_delimiter: 'windows' },
  );
}
