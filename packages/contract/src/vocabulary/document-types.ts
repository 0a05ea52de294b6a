/** The document types, by family (docs/domain.md). The family is derived, never stored. */
export const DOCUMENT_FAMILIES = {
  IDENTITY: ['PIECE_IDENTITE', 'LIVRET_FAMILLE', 'CONTRAT_MARIAGE_PACS', 'JUGEMENT_DIVORCE'],
  OWNERSHIP: ['TITRE_PROPRIETE', 'ATTESTATION_NOTARIALE', 'TAXE_FONCIERE', 'REFERENCE_CADASTRALE'],
  MANDATE_AND_SALE: ['MANDAT_VENTE_SIGNE', 'BON_VISITE', 'OFFRE_ACHAT_SIGNEE'],
  DIAGNOSTICS: ['DPE', 'AMIANTE', 'PLOMB', 'ELECTRICITE', 'GAZ', 'TERMITES', 'ERP_ETAT_RISQUES', 'ASSAINISSEMENT', 'LOI_CARREZ'],
  CO_OWNERSHIP: [
    'REGLEMENT_COPROPRIETE',
    'ETAT_DESCRIPTIF_DIVISION',
    'PV_AG_3_DERNIERES_ANNEES',
    'MONTANT_CHARGES',
    'CARNET_ENTRETIEN',
    'FICHE_SYNTHETIQUE',
    'PRE_ETAT_DATE',
    'ETAT_DATE',
  ],
  MARKETING: ['PHOTOS_HD', 'VIDEO_VISITE', 'PLAN_BIEN', 'ANNONCE_IMMOBILIERE', 'AFFICHE_VITRINE', 'REPORTING_VENDEUR'],
  FINANCING: ['SIMULATION_FINANCEMENT', 'ATTESTATION_CAPACITE_EMPRUNT', 'ACCORD_PRINCIPE_BANCAIRE'],
  LEGAL: [
    'COMPROMIS_OU_PROMESSE',
    'ANNEXES_COMPROMIS',
    'PREUVE_SEQUESTRE',
    'COURRIER_RETRACTATION',
    'LEVEE_CONDITIONS_SUSPENSIVES',
    'ACTE_AUTHENTIQUE',
    'DECOMPTE_NOTAIRE',
  ],
} as const;

export type DocumentFamily = keyof typeof DOCUMENT_FAMILIES;
export type TypeDocument = (typeof DOCUMENT_FAMILIES)[DocumentFamily][number];

export const DOCUMENT_FAMILY_NAMES = Object.keys(DOCUMENT_FAMILIES) as [DocumentFamily, ...DocumentFamily[]];
export const TYPE_DOCUMENTS = Object.values(DOCUMENT_FAMILIES).flat() as [TypeDocument, ...TypeDocument[]];

const FAMILY_OF = new Map<string, DocumentFamily>(
  Object.entries(DOCUMENT_FAMILIES).flatMap(([family, types]) => types.map((t) => [t, family as DocumentFamily])),
);
export const familyOf = (type: string): DocumentFamily | undefined => FAMILY_OF.get(type);
