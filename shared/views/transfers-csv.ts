import { stringify } from 'csv-stringify/sync';
import type { TransferResult } from '../domain/transfer-queries.js';

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) is prefixed with
 * an apostrophe: vendors type these values, lawyers open the file in a spreadsheet (OWASP CSV
 * injection).
 */
const inert = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const COLUMNS = {
  processorId: (t: TransferResult) => t.processorId,
  processorName: (t: TransferResult) => t.processorName,
  subprocessorName: (t: TransferResult) => t.subprocessorName,
  path: (t: TransferResult) => t.path.join(' → '),
  level: (t: TransferResult) => String(t.level),
  countryCode: (t: TransferResult) => t.country?.code ?? '',
  countryName: (t: TransferResult) => t.country?.name ?? '',
  internationalOrganisation: (t: TransferResult) => t.internationalOrganisation ?? '',
  inEea: (t: TransferResult) => String(t.inEea),
  safeguardType: (t: TransferResult) => t.safeguardType,
  legalBasis: (t: TransferResult) => t.legalBasis,
  adequacyDecisionDate: (t: TransferResult) => t.adequacyDecision?.since ?? '',
  purpose: (t: TransferResult) => t.purpose,
  dataCategories: (t: TransferResult) => t.dataCategories.join('; '),
  sinceVersion: (t: TransferResult) => String(t.sinceVersion),
  since: (t: TransferResult) => t.since,
  pendingChanges: (t: TransferResult) =>
    t.pendingChanges.map((c) => `${c.kind} in version ${c.version} from ${c.effectiveAt}`).join('; '),
  flags: (t: TransferResult) => t.flags.map((f) => f.rule).join('; '),
  affectedContracts: (t: TransferResult) =>
    (t.affectedContracts ?? []).map((c) => `${c.contractId} (client ${c.clientId})`).join('; '),
  address: (t: TransferResult) => t.address,
} as const;

/** RFC 4180 CSV with a header row, one row per transfer. */
export function transfersCsv(transfers: readonly TransferResult[]): string {
  const columns = Object.entries(COLUMNS);
  return stringify(
    transfers.map((transfer) => columns.map(([, cell]) => inert(cell(transfer)))),
    { header: true, columns: columns.map(([name]) => name), record_delimiter: 'windows' },
  );
}
