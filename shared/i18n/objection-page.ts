import type { Decision } from '../domain/notice.js';
import type { Language } from './language.js';

/** The page behind the e-mailed link, in each of its states, in the contract's language. */
const en = {
  unknownTitle: 'This link is not valid',
  unknownBody: 'This link does not match any notice. Check that you copied the whole link from the e-mail.',
  crossSiteTitle: 'Nothing was recorded',
  crossSiteBody:
    'This decision was sent from another website, so it was not recorded. To object or approve, open the link from the e-mail again and use the buttons on that page.',
  header: (processor: string, version: number) =>
    `${processor} notified you of changes to its sub-processors (list version ${version}, Art. 28(2) GDPR).`,
  recordedNowTitle: (decision: Decision): string =>
    decision === 'object' ? 'Your objection is recorded' : 'Your approval is recorded',
  alreadyRecordedTitle: (decision: Decision): string =>
    decision === 'object' ? 'Your objection was already recorded' : 'Your approval was already recorded',
  recorded: (at: string, decision: Decision): string =>
    decision === 'object'
      ? `Recorded on ${at}: you object to these changes.`
      : `Recorded on ${at}: you approve these changes.`,
  recordedGrounds: (grounds: string) => `Grounds: “${grounds}”.`,
  confirmationSent: "A confirmation e-mail goes to the contract's notification addresses.",
  withdrawnTitle: 'These changes were withdrawn',
  withdrawn: (processor: string, at: string | undefined) =>
    `${processor} withdrew these changes${at === undefined ? '' : ` on ${at}`}: they will not take effect. You have nothing to do, and no decision can be recorded any more.`,
  closedTitle: 'The objection window is closed',
  closed: (at: string | undefined) =>
    `The window to object to these changes closed${at === undefined ? '' : ` on ${at}`}. No decision can be recorded any more.`,
  openTitle: 'Changes to your sub-processors',
  groundsLabel: 'Grounds (optional for an approval)',
  objectButton: 'Object',
  approveButton: 'Approve',
  recordsNothing: 'Opening this page records nothing. A decision is recorded only when you press a button.',
  /** The form came back invalid: each issue names its field and rule (the validation's own words). */
  formError: (issue: { path: string; message: string }) => `${issue.message}.`,
  otherLanguages: 'Other languages',
};

export type ObjectionPageMessages = typeof en;

const fr: ObjectionPageMessages = {
  unknownTitle: 'Ce lien n’est pas valide',
  unknownBody:
    'Ce lien ne correspond à aucune notification. Vérifiez que vous avez copié le lien en entier depuis l’e-mail.',
  crossSiteTitle: 'Rien n’a été enregistré',
  crossSiteBody:
    'Cette décision a été envoyée depuis un autre site web : elle n’a donc pas été enregistrée. Pour vous opposer ou approuver, ouvrez de nouveau le lien de l’e-mail et utilisez les boutons de cette page.',
  header: (processor, version) =>
    `${processor} vous a notifié des modifications de ses sous-traitants ultérieurs (version ${version} de la liste, article 28, paragraphe 2, du RGPD).`,
  recordedNowTitle: (decision) =>
    decision === 'object' ? 'Votre opposition est enregistrée' : 'Votre approbation est enregistrée',
  alreadyRecordedTitle: (decision) =>
    decision === 'object' ? 'Votre opposition était déjà enregistrée' : 'Votre approbation était déjà enregistrée',
  recorded: (at, decision) =>
    decision === 'object'
      ? `Enregistrée le ${at} : vous vous opposez à ces modifications.`
      : `Enregistrée le ${at} : vous approuvez ces modifications.`,
  recordedGrounds: (grounds) => `Motifs : « ${grounds} ».`,
  confirmationSent: 'Un e-mail de confirmation est envoyé aux adresses de notification du contrat.',
  withdrawnTitle: 'Ces modifications ont été retirées',
  withdrawn: (processor, at) =>
    `${processor} a retiré ces modifications${at === undefined ? '' : ` le ${at}`} : elles ne prendront pas effet. Vous n’avez rien à faire, et aucune décision ne peut plus être enregistrée.`,
  closedTitle: 'Le délai d’opposition est clos',
  closed: (at) =>
    `Le délai pour vous opposer à ces modifications a pris fin${at === undefined ? '' : ` le ${at}`}. Aucune décision ne peut plus être enregistrée.`,
  openTitle: 'Modifications de vos sous-traitants ultérieurs',
  groundsLabel: 'Motifs (facultatifs pour une approbation)',
  objectButton: 'Je m’oppose',
  approveButton: 'J’approuve',
  recordsNothing:
    'Ouvrir cette page n’enregistre rien. Une décision n’est enregistrée que lorsque vous appuyez sur un bouton.',
  formError: (issue) =>
    issue.path === 'decision'
      ? 'decision : appuyez sur « Je m’oppose » ou « J’approuve ».'
      : issue.path === 'grounds'
        ? 'grounds : les motifs comptent au plus 5 000 caractères, sur une ou plusieurs lignes, sans caractères de contrôle.'
        : `${issue.path} : champ refusé.`,
  otherLanguages: 'Autres langues',
};

export const OBJECTION_PAGE_MESSAGES: Record<Language, ObjectionPageMessages> = { en, fr };

/** Each language named in itself, for the link to it: a reader finds their own language by its own name. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };
