import type { Language } from './language.js';

/**
 * The notice e-mail and its reminder (Art. 28(2) GDPR), to a contract's addresses, in the contract's
 * language. Every sentence is whole here; the templates (shared/views/) only place them.
 */
const en = {
  subjectWithWindow: (processor: string, deadline: string) =>
    `${processor}: change of sub-processors — you may object until ${deadline}`,
  subjectInformational: (processor: string) => `${processor}: update of the list of sub-processors`,
  introWithWindow: (processor: string) =>
    `${processor} intends to make the following changes to the sub-processors that process personal data on your behalf (Art. 28(2) GDPR).`,
  introInformational: (processor: string) =>
    `${processor} has updated its list of sub-processors. These changes are for your information; no objection window applies.`,
  objectUntil: (deadline: string) => `You may object until ${deadline}.`,
  silenceAuthorises: 'Without an answer by then, your contract treats the changes as authorised.',
  openLinkText: (url: string) => `To object or approve, open: ${url}`,
  linkLabel: 'Review the changes and object or approve',
  linkRecordsNothing: 'Opening the link records nothing: only the form on that page does.',
  /** The effective time is a projection: the version applies once every window has closed, not before. */
  takesEffect: (version: number, notBefore: string) => `List version ${version} takes effect not before ${notBefore}.`,
  changeRecipients: 'To change who receives these notices, contact your vendor.',
  reminderSubject: (processor: string, deadline: string) =>
    `Reminder: ${processor}: change of sub-processors — you may object until ${deadline}`,
  reminderIntro: (processor: string) =>
    `This is a reminder. ${processor} told you of the following changes to the sub-processors that process personal data on your behalf (Art. 28(2) GDPR), and no decision of yours has been recorded yet.`,
  firstLinkWorks: 'The link in the first e-mail works too; use either, once.',
};

export type ClientNoticeMessages = typeof en;

const fr: ClientNoticeMessages = {
  subjectWithWindow: (processor, deadline) =>
    `${processor} : modification des sous-traitants ultérieurs — vous pouvez vous y opposer jusqu’au ${deadline}`,
  subjectInformational: (processor) => `${processor} : mise à jour de la liste des sous-traitants ultérieurs`,
  introWithWindow: (processor) =>
    `${processor} envisage d’apporter les modifications suivantes aux sous-traitants ultérieurs qui traitent des données à caractère personnel pour votre compte (article 28, paragraphe 2, du RGPD).`,
  introInformational: (processor) =>
    `${processor} a mis à jour la liste de ses sous-traitants ultérieurs. Ces modifications vous sont communiquées pour information ; aucun délai d’opposition ne s’applique.`,
  objectUntil: (deadline) => `Vous pouvez vous opposer à ces modifications jusqu’au ${deadline}.`,
  silenceAuthorises:
    'Sans réponse de votre part à cette date, votre contrat considère les modifications comme autorisées.',
  openLinkText: (url) => `Pour vous y opposer ou les approuver, ouvrez : ${url}`,
  linkLabel: 'Consulter les modifications pour vous y opposer ou les approuver',
  linkRecordsNothing: 'Ouvrir le lien n’enregistre rien : seul le formulaire de cette page le fait.',
  takesEffect: (version, notBefore) => `La version ${version} de la liste prend effet au plus tôt le ${notBefore}.`,
  changeRecipients: 'Pour changer les destinataires de ces notifications, adressez-vous à votre prestataire.',
  reminderSubject: (processor, deadline) =>
    `Rappel : ${processor} : modification des sous-traitants ultérieurs — vous pouvez vous y opposer jusqu’au ${deadline}`,
  reminderIntro: (processor) =>
    `Ceci est un rappel. ${processor} vous a informé des modifications suivantes des sous-traitants ultérieurs qui traitent des données à caractère personnel pour votre compte (article 28, paragraphe 2, du RGPD), et aucune décision de votre part n’a encore été enregistrée.`,
  firstLinkWorks: 'Le lien du premier e-mail fonctionne aussi : utilisez l’un ou l’autre, une seule fois.',
};

export const CLIENT_NOTICE_MESSAGES: Record<Language, ClientNoticeMessages> = { en, fr };
