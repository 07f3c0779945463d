import type { DeliveryState } from '../domain/notice.js';
import { plural } from './format.js';
import type { Language } from './language.js';

/** The two e-mails to the vendor's contact address, in the processor's `defaultLanguage`. */
const en = {
  alertSubject: (client: string, version: number) =>
    `${client} objects to your change of sub-processors (list version ${version})`,
  alertIntro: (at: string, client: string, version: number, processor: string, contractId: string) =>
    `On ${at}, ${client} objected to the changes of list version ${version} of ${processor} (contract ${contractId}).`,
  noGrounds: 'The client gave no grounds.',
  groundsGiven: 'Grounds given by the client:',
  changesObjectedTo: 'The changes objected to:',
  clientDeadline: (closesAt: string) =>
    `The client's objection window closes on ${closesAt}. Its decision is recorded and will not change at the close.`,
  advice:
    'Art. 28(2) GDPR gives the client this opportunity to object; what the objection entails (another sub-processor, ending the service) is for your contract with the client. Contact the client before the change takes effect.',
  noticeLink: (noticeId: string) =>
    `Notice ${noticeId}: GET /notices/${noticeId} shows every contract's decision and deadline.`,
  summarySubject: (processor: string, version: number) =>
    `${processor}: every objection window of list version ${version} is closed`,
  summaryIntro: (version: number, closedAt: string) =>
    `The last objection window of list version ${version} closed on ${closedAt}. Outcomes per contract:`,
  counts: {
    objected: (n: number) => `Objected: ${n}`,
    approved: (n: number) => `Approved: ${n}`,
    impliedConsent: (n: number) => `Implied consent (no answer within the window): ${n}`,
    notNotified: (n: number) => `Not notified (the e-mail never arrived): ${n}`,
  },
  noObjection: 'No client objected.',
  allNotified: 'Every contract was notified.',
  notNotifiedNote:
    'A client that was never notified has not consented (EDPB Guidelines 07/2020): tell it another way, or send the notice again.',
  more: (n: number, noticeId: string) => `… and ${n} more: GET /notices/${noticeId} lists every contract.`,
  objectionsHeading: 'Objections',
  notNotifiedHeading: 'Contracts not notified',
  /** A heading followed by its list, in the plain-text e-mail. */
  listHeading: (heading: string) => `${heading}:`,
  objectionLine: (client: string, contractId: string, at: string) => `${client} (contract ${contractId}), on ${at}:`,
  noGroundsGiven: 'no grounds given',
  notNotifiedLine: (client: string, contractId: string, delivery: DeliveryState) =>
    `${client} (contract ${contractId}), delivery: ${delivery}`,
  theChanges: 'The changes:',
};

export type VendorEmailMessages = typeof en;

const DELIVERY_FR: Record<DeliveryState, string> = {
  queued: 'en attente',
  sending: 'en cours d’envoi',
  sent: 'envoyé',
  delivered: 'remis',
  bounced: 'rejeté par le serveur du destinataire',
  complained: 'signalé comme indésirable',
  rejected: 'refusé par le service d’envoi',
  failed: 'échec de l’envoi',
};

const fr: VendorEmailMessages = {
  alertSubject: (client, version) =>
    `${client} s’oppose à votre modification des sous-traitants ultérieurs (version ${version} de la liste)`,
  alertIntro: (at, client, version, processor, contractId) =>
    `Le ${at}, ${client} s’est opposé aux modifications de la version ${version} de la liste de ${processor} (contrat ${contractId}).`,
  noGrounds: 'Le client n’a donné aucun motif.',
  groundsGiven: 'Motifs donnés par le client :',
  changesObjectedTo: 'Les modifications contestées :',
  clientDeadline: (closesAt) =>
    `Le délai d’opposition de ce client prend fin le ${closesAt}. Sa décision est enregistrée et ne changera pas à la clôture.`,
  advice:
    'L’article 28, paragraphe 2, du RGPD donne au client la possibilité de s’opposer ; les suites de l’opposition (un autre sous-traitant ultérieur, la fin du service) relèvent de votre contrat avec lui. Contactez le client avant que la modification ne prenne effet.',
  noticeLink: (noticeId) =>
    `Notification ${noticeId} : GET /notices/${noticeId} indique la décision et l’échéance de chaque contrat.`,
  summarySubject: (processor, version) =>
    `${processor} : tous les délais d’opposition de la version ${version} de la liste sont clos`,
  summaryIntro: (version, closedAt) =>
    `Le dernier délai d’opposition de la version ${version} de la liste a pris fin le ${closedAt}. Résultat par contrat :`,
  counts: {
    objected: (n) => plural('fr', n, { one: 'opposition', other: 'oppositions' }),
    approved: (n) => plural('fr', n, { one: 'approbation', other: 'approbations' }),
    impliedConsent: (n) =>
      `${plural('fr', n, { one: 'consentement tacite', other: 'consentements tacites' })} (sans réponse dans le délai)`,
    notNotified: (n) =>
      `${plural('fr', n, { one: 'contrat non notifié', other: 'contrats non notifiés' })} (l’e-mail n’est jamais arrivé)`,
  },
  noObjection: 'Aucun client ne s’est opposé.',
  allNotified: 'Chaque contrat a été notifié.',
  notNotifiedNote:
    'Un client qui n’a jamais été notifié n’a pas consenti (lignes directrices 07/2020 du CEPD) : informez-le par un autre moyen, ou envoyez de nouveau la notification.',
  more: (n, noticeId) =>
    `… et ${plural('fr', n, { one: 'autre', other: 'autres' })} : GET /notices/${noticeId} liste chaque contrat.`,
  objectionsHeading: 'Oppositions',
  notNotifiedHeading: 'Contrats non notifiés',
  listHeading: (heading) => `${heading} :`,
  objectionLine: (client, contractId, at) => `${client} (contrat ${contractId}), le ${at} :`,
  noGroundsGiven: 'aucun motif donné',
  notNotifiedLine: (client, contractId, delivery) =>
    `${client} (contrat ${contractId}), remise : ${DELIVERY_FR[delivery]}`,
  theChanges: 'Les modifications :',
};

export const VENDOR_EMAIL_MESSAGES: Record<Language, VendorEmailMessages> = { en, fr };
