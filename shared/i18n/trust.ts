import type { PublicVersion } from '../domain/public-list.js';
import { formatDateTime } from './format.js';
import type { Language } from './language.js';

/** The public side (the Atom feed of a processor's list): each text whole, in each language. */
const en = {
  feedTitle: (processor: string) => `Sub-processors of ${processor}`,
  feedSubtitle: (processor: string) =>
    `Every published version of the sub-processor list of ${processor}, with its changes and when it applies.`,
  versionTitle: (version: number) => `Version ${version} of the sub-processor list`,
  baseline: 'The first published list.',
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  changedFields: (fields: readonly string[]) => `fields: ${fields.join(', ')}`,
  replaces: (name: string) => `replaces ${name}`,
  noChange: 'No change to the list.',
  withdraws: (version: number) =>
    `Withdraws version ${version} before it took effect: the list in force before it stays in force.`,
  state: (v: Pick<PublicVersion, 'effectiveState' | 'effectiveAt'>) =>
    v.effectiveState === 'effective'
      ? `In effect since ${formatDateTime(v.effectiveAt, 'en')}.`
      : v.effectiveState === 'withdrawn'
        ? 'Withdrawn by the processor: it never took effect.'
        : `Takes effect not before ${formatDateTime(v.effectiveAt, 'en')}, once every client's objection period has ended.`,
};

export type TrustMessages = typeof en;

const fr: TrustMessages = {
  feedTitle: (processor) => `Sous-traitants ultérieurs de ${processor}`,
  feedSubtitle: (processor) =>
    `Chaque version publiée de la liste des sous-traitants ultérieurs de ${processor}, avec ses modifications et sa date d’application.`,
  versionTitle: (version) => `Version ${version} de la liste des sous-traitants ultérieurs`,
  baseline: 'La première liste publiée.',
  added: 'Ajouté',
  removed: 'Retiré',
  changed: 'Modifié',
  changedFields: (fields) => `champs : ${fields.join(', ')}`,
  replaces: (name) => `remplace ${name}`,
  noChange: 'Aucune modification de la liste.',
  withdraws: (version) =>
    `Retire la version ${version} avant sa prise d’effet : la liste en vigueur avant elle le reste.`,
  state: (v) =>
    v.effectiveState === 'effective'
      ? `En vigueur depuis le ${formatDateTime(v.effectiveAt, 'fr')}.`
      : v.effectiveState === 'withdrawn'
        ? 'Retirée par le sous-traitant : elle n’a jamais pris effet.'
        : `Prend effet au plus tôt le ${formatDateTime(v.effectiveAt, 'fr')}, une fois écoulé le délai d’opposition de chaque client.`,
};

export const TRUST_MESSAGES: Record<Language, TrustMessages> = { en, fr };
