/**
 * The names of the Chapter V rules the registry checks, one vocabulary for every place that reports one:
 * the checks of a published list (errors and warnings of PUT …/subprocessors) and the flags of the
 * transfer views. Each name carries the text it rests on.
 */
export const TRANSFER_RULES = {
  'eea-country-takes-eea': 'GDPR Art. 44: inside the EEA no Chapter V transfer takes place',
  'eea-only-inside-eea': 'GDPR Art. 44: a transfer outside the EEA rests on Art. 45, 46 or 49',
  'adequacy-decision-in-force': 'GDPR Art. 45(3): the adequacy decision applies from its date until it ends',
  'adequacy-scope': 'GDPR Art. 45: a sectoral decision (or the EU-US DPF) covers only the recipients in its scope',
  'dpf-only-for-us': 'Implementing Decision (EU) 2023/1795: the Data Privacy Framework covers US organisations only',
  'derogation-not-for-routine-transfers':
    'GDPR Art. 49; EDPB Guidelines 2/2018: derogations are for occasional transfers',
  'tia-recommended':
    'CJEU C-311/18 (Schrems II); EDPB Recommendations 01/2020: a documented transfer impact assessment',
} as const;

export type TransferRuleName = keyof typeof TRANSFER_RULES;

export const TRANSFER_RULE_NAMES = Object.keys(TRANSFER_RULES) as [TransferRuleName, ...TransferRuleName[]];
