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
  pageTitle: (processor: string) => `Sub-processors of ${processor}`,
  pageIntro: (processor: string) =>
    `The companies ${processor} engages to process its clients' personal data (sub-processors, Art. 28 GDPR), where the data goes and on which safeguard, the changes announced and their history.`,
  inForceHeading: 'Sub-processors in force',
  inForceVersion: (version: number) => `Version ${version} of the list.`,
  noList: 'No list in force yet.',
  pendingHeading: 'Changes announced, not yet in effect',
  noPending: 'No change pending.',
  historyHeading: 'History of the list',
  feedsHeading: 'Follow the changes',
  atomFeed: 'Atom feed',
  jsonList: 'The list as JSON (format subprocessor-list v1)',
  otherLanguage: 'Version française',
  subscribeHeading: 'Get an e-mail for each change',
  subscribeIntro:
    'Enter your address: we send a link to confirm, then an e-mail for each new version of the list. Every e-mail has a one-click unsubscribe link.',
  emailLabel: 'E-mail address',
  subscribeButton: 'Subscribe',
  columns: {
    name: 'Sub-processor',
    address: 'Address',
    country: 'Country',
    purpose: 'Purpose',
    safeguard: 'Safeguard',
    scopes: 'For',
  },
  everyClient: 'every client',
  kinds: { new: 'New', changing: 'Changing', leaving: 'Leaving' },
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
  pageTitle: (processor) => `Sous-traitants ultérieurs de ${processor}`,
  pageIntro: (processor) =>
    `Les sociétés auxquelles ${processor} fait appel pour traiter les données personnelles de ses clients (sous-traitants ultérieurs, article 28 du RGPD), où vont les données et sur quel encadrement, les modifications annoncées et leur historique.`,
  inForceHeading: 'Sous-traitants ultérieurs en vigueur',
  inForceVersion: (version) => `Version ${version} de la liste.`,
  noList: 'Aucune liste en vigueur pour le moment.',
  pendingHeading: 'Modifications annoncées, pas encore en vigueur',
  noPending: 'Aucune modification en attente.',
  historyHeading: 'Historique de la liste',
  feedsHeading: 'Suivre les modifications',
  atomFeed: 'Flux Atom',
  jsonList: 'La liste en JSON (format subprocessor-list v1)',
  otherLanguage: 'English version',
  subscribeHeading: 'Recevoir un e-mail à chaque modification',
  subscribeIntro:
    'Saisissez votre adresse : nous envoyons un lien de confirmation, puis un e-mail à chaque nouvelle version de la liste. Chaque e-mail contient un lien de désabonnement en un clic.',
  emailLabel: 'Adresse e-mail',
  subscribeButton: 'S’abonner',
  columns: {
    name: 'Sous-traitant ultérieur',
    address: 'Adresse',
    country: 'Pays',
    purpose: 'Finalité',
    safeguard: 'Encadrement',
    scopes: 'Pour',
  },
  everyClient: 'tous les clients',
  kinds: { new: 'Nouveau', changing: 'Modifié', leaving: 'Retiré' },
  state: (v) =>
    v.effectiveState === 'effective'
      ? `En vigueur depuis le ${formatDateTime(v.effectiveAt, 'fr')}.`
      : v.effectiveState === 'withdrawn'
        ? 'Retirée par le sous-traitant : elle n’a jamais pris effet.'
        : `Prend effet au plus tôt le ${formatDateTime(v.effectiveAt, 'fr')}, une fois écoulé le délai d’opposition de chaque client.`,
};

export const TRUST_MESSAGES: Record<Language, TrustMessages> = { en, fr };
