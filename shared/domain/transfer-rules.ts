import { countryName, isInEea } from '../legal/countries.js';
import { ADEQUACY_DECISIONS, type AdequacyDecision, SAFEGUARD_TYPES } from '../legal/reference.js';
import type { TransferRuleName } from '../legal/transfer-rule-names.js';
import type { Issue } from './errors.js';
import type { SubprocessorEntry } from './subprocessor.js';

/** A broken transfer rule, named in the one vocabulary (shared/legal/transfer-rule-names.ts). */
export type TransferIssue = Issue & { rule: TransferRuleName };

export interface TransferCheck {
  errors: TransferIssue[];
  warnings: TransferIssue[];
}

const dateOnly = (at: Date) => at.toISOString().slice(0, 10);

function recipientLabel(entry: SubprocessorEntry): string {
  return entry.country !== undefined ? countryName(entry.country) : (entry.internationalOrganisation ?? 'recipient');
}

type Recipient = Pick<SubprocessorEntry, 'country' | 'internationalOrganisation'>;

/** Whether a decision names this recipient: a country by ISO code, an international organisation by any of its names. */
function namesRecipient(decision: AdequacyDecision, entry: Recipient): boolean {
  if (decision.recipient.kind === 'country') return decision.recipient.code === entry.country;
  const organisation = entry.internationalOrganisation?.trim().toLowerCase();
  return organisation !== undefined && decision.recipient.names.some((name) => name.toLowerCase() === organisation);
}

/** The adequacy decision covering this recipient on that date, if any (Art. 45). */
export function adequacyDecisionFor(entry: Recipient, at: Date): AdequacyDecision | undefined {
  const day = dateOnly(at);
  return ADEQUACY_DECISIONS.find(
    (decision) =>
      namesRecipient(decision, entry) &&
      decision.since <= day &&
      (decision.until === undefined || day <= decision.until),
  );
}

/**
 * Any decision for this recipient, in force or not, to explain a rejection ("not in force before ...",
 * "expired on ..."): countries and international organisations alike.
 */
export function anyAdequacyDecisionFor(entry: Recipient): AdequacyDecision | undefined {
  return ADEQUACY_DECISIONS.find((decision) => namesRecipient(decision, entry));
}

/**
 * Checks one entry's transfer safeguard against GDPR Chapter V on a given date.
 * Errors make the list unacceptable; warnings are stored and shown (a derogation used for a routine
 * transfer, an Art. 46 tool without a transfer impact assessment).
 */
export function checkTransfer(entry: SubprocessorEntry, at: Date, path: string): TransferCheck {
  const errors: TransferIssue[] = [];
  const warnings: TransferIssue[] = [];
  const safeguard = entry.safeguard;
  const where = recipientLabel(entry);
  const inEea = entry.country !== undefined && isInEea(entry.country);
  const at_ = `${path}.safeguard`;

  if (inEea) {
    if (safeguard.type !== 'eea') {
      errors.push({
        path: at_,
        rule: 'eea-country-takes-eea',
        message: `${at_}: ${where} is in the EEA, so no Chapter V transfer takes place; use type "eea"`,
      });
    }
    return { errors, warnings };
  }

  switch (safeguard.type) {
    case 'eea':
      errors.push({
        path: at_,
        rule: 'eea-only-inside-eea',
        message: `${at_}: ${where} is outside the EEA; name an adequacy decision (Art. 45) or an Art. 46 safeguard such as scc`,
      });
      break;
    case 'adequacy': {
      const decision = adequacyDecisionFor(entry, at);
      if (decision === undefined) {
        const known = anyAdequacyDecisionFor(entry);
        const why =
          known === undefined
            ? `${where} has no adequacy decision (Art. 45)`
            : known.since > dateOnly(at)
              ? `the adequacy decision ${known.decision} for ${known.name} is not in force before ${known.since}`
              : `the adequacy decision ${known.decision} for ${known.name} expired on ${known.until}`;
        errors.push({
          path: at_,
          rule: 'adequacy-decision-in-force',
          message: `${at_}: ${why}; use an Art. 46 safeguard such as scc`,
        });
        break;
      }
      if (decision.scope.kind === 'dpf-certified' && safeguard.dpfCertified !== true) {
        errors.push({
          path: `${at_}.dpfCertified`,
          rule: 'adequacy-scope',
          message: `${at_}: ${decision.name} adequacy covers ${decision.scope.description}; set dpfCertified or use scc`,
        });
      }
      if (decision.scope.kind === 'sectoral' && safeguard.withinScope !== true) {
        errors.push({
          path: `${at_}.withinScope`,
          rule: 'adequacy-scope',
          message: `${at_}: ${decision.name} adequacy (${decision.decision}) covers ${decision.scope.description}; set withinScope: true to confirm, or use scc`,
        });
      }
      if (safeguard.dpfCertified !== undefined && decision.scope.kind !== 'dpf-certified') {
        errors.push({
          path: `${at_}.dpfCertified`,
          rule: 'dpf-only-for-us',
          message: `${at_}.dpfCertified: the Data Privacy Framework applies only to recipients in the United States`,
        });
      }
      break;
    }
    case 'derogation':
      warnings.push({
        path: at_,
        rule: 'derogation-not-for-routine-transfers',
        message: `${at_}: Art. 49 derogations are meant for occasional transfers, not the routine transfers of a sub-processor (EDPB Guidelines 2/2018)`,
      });
      break;
    default:
      if (SAFEGUARD_TYPES[safeguard.type].requiresTia && safeguard.tiaReference === undefined) {
        warnings.push({
          path: `${at_}.tiaReference`,
          rule: 'tia-recommended',
          message: `${at_}: transfers on ${SAFEGUARD_TYPES[safeguard.type].article} need a documented transfer impact assessment (Schrems II, EDPB Recommendations 01/2020); add tiaReference`,
        });
      }
  }
  return { errors, warnings };
}
