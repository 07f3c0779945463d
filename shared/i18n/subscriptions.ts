import { formatDateTime } from './format.js';
import type { Language } from './language.js';

/** The e-mails and pages of e-mail subscriptions (issue 13, item 3): each text whole, in each language. */
const en = {
  confirmationSubject: (processor: string) => `Confirm your subscription to ${processor}'s sub-processor changes`,
  confirmationIntro: (processor: string) =>
    `Someone, probably you, asked that this address be told of every change to the list of sub-processors of ${processor}.`,
  confirmationAction: 'To confirm, open this link and press the button on the page:',
  confirmationIgnore: 'If you did not ask for this, ignore this e-mail: nothing will be sent to you.',
  trustPage: 'The list and its history:',
  changedSubject: (processor: string, version: number) =>
    `${processor} published version ${version} of its sub-processor list`,
  changedIntro: (processor: string, version: number) =>
    `${processor} published version ${version} of its list of sub-processors.`,
  changedEffective: (at: string) => `It takes effect not before ${formatDateTime(at, 'en')}.`,
  changedWhy:
    'You receive this information because you subscribed to these changes. It is not a notice under a contract and asks nothing of you.',
  unsubscribe: 'Unsubscribe',
  unsubscribeText: 'Unsubscribe in one click:',
  confirmTitle: (processor: string) => `Subscribe to ${processor}'s sub-processor changes`,
  confirmBody: (email: string) => `Press the button to receive an e-mail at ${email} for every change to the list.`,
  confirmButton: 'Confirm my subscription',
  confirmedTitle: 'Subscription confirmed',
  confirmedBody: (processor: string) => `You will receive an e-mail for every new version of ${processor}'s list.`,
  inactiveBody: 'This subscription was ended. To subscribe again, use the form on the trust page.',
  unknownTitle: 'Link not valid',
  unknownBody: 'This link is not valid, or a newer confirmation e-mail replaced it.',
  unsubscribedTitle: 'Unsubscribed',
  unsubscribedBody: (processor: string) => `You will receive no more e-mails about ${processor}'s sub-processors.`,
  crossSiteTitle: 'Not confirmed',
  crossSiteBody: 'This form was sent from another site. Open the link from the e-mail and press the button there.',
  subscribedTitle: 'Check your mailbox',
  subscribedBody:
    'If this address can be subscribed, an e-mail is on its way with a link to confirm. Nothing is sent until you confirm.',
  formInvalidTitle: 'Check the address',
};

export type SubscriptionMessages = typeof en;

const fr: SubscriptionMessages = {
  confirmationSubject: (processor) =>
    `Confirmez votre abonnement aux modifications des sous-traitants ultérieurs de ${processor}`,
  confirmationIntro: (processor) =>
    `Quelqu’un, probablement vous, a demandé que cette adresse soit informée de chaque modification de la liste des sous-traitants ultérieurs de ${processor}.`,
  confirmationAction: 'Pour confirmer, ouvrez ce lien et appuyez sur le bouton de la page :',
  confirmationIgnore: 'Si vous n’avez rien demandé, ignorez cet e-mail : rien ne vous sera envoyé.',
  trustPage: 'La liste et son historique :',
  changedSubject: (processor, version) =>
    `${processor} a publié la version ${version} de sa liste de sous-traitants ultérieurs`,
  changedIntro: (processor, version) =>
    `${processor} a publié la version ${version} de sa liste de sous-traitants ultérieurs.`,
  changedEffective: (at) => `Elle prend effet au plus tôt le ${formatDateTime(at, 'fr')}.`,
  changedWhy:
    'Vous recevez cette information parce que vous vous êtes abonné à ces modifications. Ce n’est pas une notification contractuelle et elle ne vous demande rien.',
  unsubscribe: 'Se désabonner',
  unsubscribeText: 'Se désabonner en un clic :',
  confirmTitle: (processor) => `Abonnement aux modifications des sous-traitants ultérieurs de ${processor}`,
  confirmBody: (email) => `Appuyez sur le bouton pour recevoir un e-mail à ${email} à chaque modification de la liste.`,
  confirmButton: 'Confirmer mon abonnement',
  confirmedTitle: 'Abonnement confirmé',
  confirmedBody: (processor) => `Vous recevrez un e-mail à chaque nouvelle version de la liste de ${processor}.`,
  inactiveBody: 'Cet abonnement a pris fin. Pour vous abonner à nouveau, utilisez le formulaire de la page publique.',
  unknownTitle: 'Lien non valide',
  unknownBody: 'Ce lien n’est pas valide, ou un e-mail de confirmation plus récent l’a remplacé.',
  unsubscribedTitle: 'Désabonnement effectué',
  unsubscribedBody: (processor) => `Vous ne recevrez plus d’e-mail sur les sous-traitants ultérieurs de ${processor}.`,
  crossSiteTitle: 'Non confirmé',
  crossSiteBody:
    'Ce formulaire a été envoyé depuis un autre site. Ouvrez le lien de l’e-mail et appuyez sur le bouton.',
  subscribedTitle: 'Consultez votre messagerie',
  subscribedBody:
    'Si cette adresse peut être abonnée, un e-mail contenant un lien de confirmation est en route. Rien n’est envoyé avant votre confirmation.',
  formInvalidTitle: 'Vérifiez l’adresse',
};

export const SUBSCRIPTION_MESSAGES: Record<Language, SubscriptionMessages> = { en, fr };
