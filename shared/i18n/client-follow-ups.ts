import type { Decision } from '../domain/notice.js';
import type { Language } from './language.js';

/**
 * What a client hears after the notice, in its contract's language: the confirmation of its decision,
 * and the withdrawal of a change it was told of.
 */
const en = {
  confirmationSubject: (processor: string, decision: Decision): string =>
    decision === 'object'
      ? `${processor}: your organisation objected to the change of sub-processors`
      : `${processor}: your organisation approved the change of sub-processors`,
  confirmationLine: (at: string, decision: Decision, version: number): string =>
    decision === 'object'
      ? `On ${at}, your organisation objected to the changes below (list version ${version}).`
      : `On ${at}, your organisation approved the changes below (list version ${version}).`,
  grounds: (grounds: string) => `Grounds: ${grounds}`,
  recordedFrom: (ip: string) => `Recorded from IP address ${ip}.`,
  /** A decision sent through the API with the client's key (issue 11) has no IP of a person. */
  recordedThroughApi: "Recorded through the registry's API with your organisation's API key.",
  notUs: (processor: string) => `If nobody in your organisation took this decision, tell ${processor} at once.`,
  withdrawnSubject: (processor: string) =>
    `${processor}: the change of sub-processors you were told of is withdrawn — nothing to do`,
  withdrawnIntro: (at: string, processor: string, version: number) =>
    `On ${at}, ${processor} withdrew the change of its sub-processor list that it announced to you (list version ${version}). The change will not take effect.`,
  nothingToDo:
    'You have nothing to do: no answer is expected, and any objection window for this change is closed. An objection or approval you already sent stays on record.',
  listInForce: (byVersion: number) =>
    `The list in force before the change stays in force (it is published again as list version ${byVersion}).`,
  withdrawnChanges: 'The withdrawn changes:',
};

export type ClientFollowUpMessages = typeof en;

const fr: ClientFollowUpMessages = {
  confirmationSubject: (processor, decision) =>
    decision === 'object'
      ? `${processor} : votre organisation s’est opposée à la modification des sous-traitants ultérieurs`
      : `${processor} : votre organisation a approuvé la modification des sous-traitants ultérieurs`,
  confirmationLine: (at, decision, version) =>
    decision === 'object'
      ? `Le ${at}, votre organisation s’est opposée aux modifications ci-dessous (version ${version} de la liste).`
      : `Le ${at}, votre organisation a approuvé les modifications ci-dessous (version ${version} de la liste).`,
  grounds: (grounds) => `Motifs : ${grounds}`,
  recordedFrom: (ip) => `Décision enregistrée depuis l’adresse IP ${ip}.`,
  recordedThroughApi: 'Décision enregistrée par l’API du registre, avec la clé d’API de votre organisation.',
  notUs: (processor) =>
    `Si personne dans votre organisation n’a pris cette décision, prévenez ${processor} sans délai.`,
  withdrawnSubject: (processor) =>
    `${processor} : la modification des sous-traitants ultérieurs qui vous a été notifiée est retirée — rien à faire`,
  withdrawnIntro: (at, processor, version) =>
    `Le ${at}, ${processor} a retiré la modification de sa liste de sous-traitants ultérieurs qu’il vous avait annoncée (version ${version} de la liste). Cette modification ne prendra pas effet.`,
  nothingToDo:
    'Vous n’avez rien à faire : aucune réponse n’est attendue, et tout délai d’opposition relatif à cette modification est clos. Une opposition ou une approbation déjà envoyée reste enregistrée.',
  listInForce: (byVersion) =>
    `La liste en vigueur avant la modification reste en vigueur (elle est publiée de nouveau en version ${byVersion}).`,
  withdrawnChanges: 'Les modifications retirées :',
};

export const CLIENT_FOLLOW_UP_MESSAGES: Record<Language, ClientFollowUpMessages> = { en, fr };
