import type { Language } from './language.js';

/** English shows a changed entry's fields by their API names. */
const FIELDS_AS_NAMED: Partial<Record<string, string>> = {};

/** The changes table and its plain-text twin: in every e-mail and on the objection page. */
const en = {
  caption: 'Changes to the list of sub-processors',
  columns: {
    change: 'Change',
    name: 'Sub-processor',
    address: 'Address',
    country: 'Country',
    purpose: 'Purpose',
    safeguard: 'Transfer safeguard',
  },
  textLines: {
    heading: (change: string, name: string) => `- ${change}: ${name}`,
    address: (value: string) => `  Address: ${value}`,
    country: (value: string) => `  Country: ${value}`,
    purpose: (value: string) => `  Purpose: ${value}`,
    safeguard: (value: string) => `  Safeguard: ${value}`,
  },
  added: 'Added',
  removed: 'Removed',
  replaces: (name: string) => `Added, replaces ${name}`,
  changed: (fields: readonly string[]) => `Changed (${fields.join(', ')})`,
  /** The entry's fields by their API names; a field without a name here is shown as the API names it. */
  fields: FIELDS_AS_NAMED,
};

export type ChangesMessages = typeof en;

const fr: ChangesMessages = {
  caption: 'Modifications de la liste des sous-traitants ultérieurs',
  columns: {
    change: 'Modification',
    name: 'Sous-traitant ultérieur',
    address: 'Adresse',
    country: 'Pays',
    purpose: 'Finalité',
    safeguard: 'Encadrement du transfert',
  },
  textLines: {
    heading: (change, name) => `- ${change} : ${name}`,
    address: (value) => `  Adresse : ${value}`,
    country: (value) => `  Pays : ${value}`,
    purpose: (value) => `  Finalité : ${value}`,
    safeguard: (value) => `  Encadrement du transfert : ${value}`,
  },
  added: 'Ajout',
  removed: 'Retrait',
  replaces: (name) => `Ajout, en remplacement de ${name}`,
  changed: (fields) => `Modification (${fields.join(', ')})`,
  fields: {
    name: 'nom',
    address: 'adresse',
    country: 'pays',
    internationalOrganisation: 'organisation internationale',
    purpose: 'finalité',
    dataCategories: 'catégories de données',
    contact: 'contact',
    safeguard: 'encadrement du transfert',
  },
};

export const CHANGES_MESSAGES: Record<Language, ChangesMessages> = { en, fr };
