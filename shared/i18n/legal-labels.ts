import type { Safeguard } from '../domain/subprocessor.js';
import type { TransferView } from '../domain/transfers.js';
import { ARTICLE_49_POINTS_FR, type Article49Point, SAFEGUARD_TYPES, SCC_MODULES_FR } from '../legal/reference.js';
import type { Language } from './language.js';

/**
 * What a safeguard's label says, and no more: a notice keeps these terms on each of its rows, so the
 * references and justifications (up to 1,000 characters each) stay out of the notice item (400 KB).
 */
export type SafeguardTerms =
  | { type: 'eea' | 'bcr' | 'ad-hoc-clauses' | 'public-authority-instrument' }
  | { type: 'adequacy'; dpfCertified?: boolean }
  | { type: 'scc'; module: 1 | 2 | 3 | 4 }
  | { type: 'code-of-conduct'; code: string }
  | { type: 'certification'; scheme: string }
  | { type: 'derogation'; article49Point: Article49Point };

export function safeguardTermsOf(safeguard: Safeguard): SafeguardTerms {
  switch (safeguard.type) {
    case 'adequacy':
      return {
        type: 'adequacy',
        ...(safeguard.dpfCertified !== undefined && { dpfCertified: safeguard.dpfCertified }),
      };
    case 'scc':
      return { type: 'scc', module: safeguard.module };
    case 'code-of-conduct':
      return { type: 'code-of-conduct', code: safeguard.code };
    case 'certification':
      return { type: 'certification', scheme: safeguard.scheme };
    case 'derogation':
      return { type: 'derogation', article49Point: safeguard.article49Point };
    default:
      return { type: safeguard.type };
  }
}

/**
 * A safeguard as a person reads it, with the provision it rests on. The names and articles are the data
 * of shared/legal/reference.ts; only the sentence around them is here. The English wording is the one
 * stored in every notice since the first (evidence), so it stays as it was.
 */
const SAFEGUARD_LABEL: Record<Language, (safeguard: SafeguardTerms) => string> = {
  en: (safeguard) => {
    const { article, label } = SAFEGUARD_TYPES[safeguard.type];
    switch (safeguard.type) {
      case 'eea':
        return label.en;
      case 'adequacy':
        return `${label.en}, ${article}${safeguard.dpfCertified ? ' (EU-US Data Privacy Framework)' : ''}`;
      case 'scc':
        return `${label.en}, module ${safeguard.module}, ${article}`;
      case 'code-of-conduct':
        return `${label.en} "${safeguard.code}", ${article}`;
      case 'certification':
        return `${label.en} "${safeguard.scheme}", ${article}`;
      case 'derogation':
        return `${label.en}, ${article}(${safeguard.article49Point})`;
      default:
        return `${label.en}, ${article}`;
    }
  },
  fr: (safeguard) => {
    const { articleFr, label } = SAFEGUARD_TYPES[safeguard.type];
    switch (safeguard.type) {
      case 'eea':
        return label.fr;
      case 'adequacy':
        return `${label.fr}, ${articleFr}${safeguard.dpfCertified ? ' (cadre de protection des données UE–États-Unis)' : ''}`;
      case 'scc':
        return `${label.fr}, module ${safeguard.module} (${SCC_MODULES_FR[safeguard.module]}), ${articleFr}`;
      case 'code-of-conduct':
        return `${label.fr} « ${safeguard.code} », ${articleFr}`;
      case 'certification':
        return `${label.fr} « ${safeguard.scheme} », ${articleFr}`;
      case 'derogation':
        return `${label.fr}, ${derogationFr(safeguard.article49Point)}`;
      default:
        return `${label.fr}, ${articleFr}`;
    }
  },
};

function derogationFr(point: Article49Point): string {
  const where =
    point === 'compelling-legitimate-interests'
      ? 'article 49, paragraphe 1, deuxième alinéa du RGPD'
      : `article 49, paragraphe 1, point ${point}) du RGPD`;
  return `${where} (${ARTICLE_49_POINTS_FR[point]})`;
}

export function safeguardLabel(safeguard: SafeguardTerms, language: Language): string {
  return SAFEGUARD_LABEL[language](safeguard);
}

/** The short name of a safeguard type: "Standard contractual clauses", « Clauses contractuelles types ». */
export function safeguardTypeName(type: SafeguardTerms['type'], language: Language): string {
  return SAFEGUARD_TYPES[type].label[language];
}

/**
 * The legal basis of a transfer. English: the API's own `legalBasis` ("Art. 45 — (EU) 2023/1795"),
 * the one string the JSON answer carries. French: the same basis from the same data, worded as the
 * French text of the GDPR words it.
 */
export function legalBasisLabel(
  transfer: Pick<TransferView, 'legalBasis' | 'safeguard' | 'adequacyDecision'>,
  language: Language,
): string {
  if (language === 'en') return transfer.legalBasis;
  const safeguard = transfer.safeguard;
  if (safeguard.type === 'adequacy') {
    const decision = transfer.adequacyDecision?.decision.replace('(EU)', '(UE)') ?? 'aucune décision';
    return `${SAFEGUARD_TYPES.adequacy.articleFr} — ${decision}`;
  }
  if (safeguard.type === 'derogation') return derogationFr(safeguard.article49Point);
  return SAFEGUARD_TYPES[safeguard.type].articleFr;
}
