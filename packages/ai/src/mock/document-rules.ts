import type { TypeDocument } from '@monimmo/contract/vocabulary';

/**
 * French keyword rules for every document type. Patterns are written against folded text (lower
 * case, no accents, every run of punctuation a single space: "diagnostic de performance
 * energetique", "d'identite" → "d identite") and match whole words only.
 *
 * Weights: 3 names the document ("compromis de vente"), 2 is a strong sign, 1 or less supports.
 * `both` patterns are read in the content and in the file name, `content` ones in the content
 * only (too common in names), `name` ones in the file name only (abbreviations such as "CNI",
 * "TF 2025", "PV AG", too ambiguous inside a long text).
 */
export type Scope = 'both' | 'content' | 'name';

export interface Rule {
  type: TypeDocument;
  /** The pattern as written in SPECS. */
  source: string;
  pattern: RegExp;
  weight: number;
  scope: Scope;
}

type RuleSpec = [pattern: string, weight: number, scope?: Scope];

const SPECS: Record<TypeDocument, RuleSpec[]> = {
  PIECE_IDENTITE: [
    ['carte nationale d identite', 3],
    ['carte d identite', 3],
    ['passeport', 3],
    ['passport', 3],
    ['titre de sejour', 3],
    ['carte de resident', 3],
    ['permis de conduire', 2],
    ['piece d identite', 3, 'name'],
    ['cni', 3, 'name'],
    ['(?:recto|verso)', 1, 'name'],
    ['nom d usage', 1, 'content'],
    // The machine-readable zone of a French identity card.
    ['idfra', 2, 'content'],
    ['lieu de naissance', 1, 'content'],
  ],
  LIVRET_FAMILLE: [
    ['livret de famille', 3],
    ['livret famille', 3, 'name'],
    ['extrait d acte de naissance', 1, 'content'],
  ],
  CONTRAT_MARIAGE_PACS: [
    ['contrat de mariage', 3],
    ['pacte civil de solidarite', 3],
    ['convention de pacs', 3],
    ['pacs', 2],
    // The deed's own words: « le présent acte contenant les conventions matrimoniales ».
    ['conventions matrimoniales', 3],
    // A marriage contract is signed before the wedding, by the « futurs époux ».
    ['futurs epoux', 1.5, 'content'],
    ['regime matrimonial', 2, 'content'],
    ['communaute reduite aux acquets', 1.5, 'content'],
    ['separation de biens', 1.5, 'content'],
    ['(?:communaute universelle|participation aux acquets)', 1.5, 'content'],
  ],
  JUGEMENT_DIVORCE: [
    ['jugement de divorce', 3],
    ['convention de divorce', 3],
    ['prononce le divorce', 3, 'content'],
    ['divorce', 2],
    ['juge aux affaires familiales', 2, 'content'],
    // The divorce by mutual consent, by a lawyers' agreement (article 229-1 of the code civil).
    ['divorce par consentement mutuel', 3],
    ['article 229 1', 2, 'content'],
  ],
  TITRE_PROPRIETE: [
    ['titre de propriete', 3],
    ['titre propriete', 3, 'name'],
    ['attestation de propriete', 3],
    ['acte de vente', 3],
    ['acte d acquisition', 2],
    // The heir's or the donee's title: the deed by which the property came to the seller.
    ['acte de (?:donation|partage)', 3],
    ['origine de propriete', 1, 'content'],
    // What the seller keeps of the deed by which they bought.
    ['copie authentique', 2.5, 'content'],
  ],
  ATTESTATION_NOTARIALE: [
    ['attestation notariee', 3],
    ['attestation notariale', 3],
    ['attestation de vente', 3],
    ['attestation d acquisition', 3],
    ['attestation immobiliere', 2],
    ['attestation (?:du )?notaire', 3, 'name'],
    // The notary speaks in the first person only in an attestation: a deed says « a reçu le présent acte ».
    ['soussignee?s? maitre(?: [a-z]+){1,3} notaire', 2, 'content'],
    ['certifie et atteste', 2, 'content'],
  ],
  TAXE_FONCIERE: [
    ['taxes? foncieres?', 3],
    ['tf', 2, 'name'],
    // Every tax notice is an "avis d'impôt": on its own it hardly hints at the taxe foncière.
    ['avis d impot', 0.5, 'content'],
    ['foncier', 1, 'name'],
    ['proprietes baties', 1.5, 'content'],
    ['enlevement des ordures menageres', 1, 'content'],
  ],
  REFERENCE_CADASTRALE: [
    ['references? cadastrales?', 3],
    ['extrait cadastral', 3],
    ['plan cadastral', 3],
    ['matrice cadastrale', 3],
    ['cadastre', 2],
    ['cadastre', 2, 'name'],
    ['releve de propriete', 2, 'content'],
    ['parcelles?', 1, 'content'],
  ],
  MANDAT_VENTE_SIGNE: [
    ['mandat de vente', 3],
    ['mandat (?:exclusif|simple|semi exclusif)', 3],
    ['mandats?', 3, 'name'],
    ['bon pour mandat', 3, 'content'],
    ['(?:donne|donnons) mandat', 2, 'content'],
    ['autorise l agence', 2, 'content'],
    ['mandant', 1, 'content'],
    ['mandataire', 1, 'content'],
    ['registre des mandats', 1, 'content'],
  ],
  BON_VISITE: [
    ['bons? de visite', 3],
    ['reconnai(?:t|ssons|s) avoir visite', 3, 'content'],
    ['attestation de visite', 3],
    ['fiche de visite', 2],
    ['bdv', 2, 'name'],
  ],
  OFFRE_ACHAT_SIGNEE: [
    ['offre d achat', 3],
    ['lettre d intention d achat', 3],
    ['(?:declar(?:e|ons) )?(?:mon|notre) intention d acquerir', 2, 'content'],
    // « Proposition d’achat », « proposition d’acquisition »: the same offer under its other name.
    ['proposition d (?:achat|acquisition)', 3],
    ['offre d acquisition', 3],
    ['offre', 2, 'name'],
    ['offre (?:signee|acceptee)', 1.5, 'name'],
    ['bon pour offre', 3, 'content'],
    ['propos(?:e|ons) d (?:acheter|acquerir)', 3, 'content'],
    ['(?:accepte|accord sur) (?:l|votre|cette) offre', 2.5, 'content'],
    ['offre valable', 2, 'content'],
    ['offre ferme', 1, 'content'],
  ],
  DPE: [
    // Followed by its class letter (« DPE : D », « DPE A B C D E F G »), it is a listing's or a
    // poster's line, not the diagnostic.
    ['diagnostic de performance energetique(?! [a-g] )', 3],
    ['dpe(?! (?:classe )?[a-g] )', 2],
    ['performance energetique(?! [a-g] )', 2],
    ['etiquette (?:energie|energetique)', 2],
    ['classe (?:energie|energetique)', 1, 'content'],
    ['consommation energetique', 1, 'content'],
    ['kwh m2 an', 1, 'content'],
    ['gaz a effet de serre', 1, 'content'],
  ],
  AMIANTE: [
    // One word in a body names no paper on its own (« amiante » in a DPE, a notary’s letter); a file name does.
    ['amiante', 2.5, 'content'],
    ['amiante', 3, 'name'],
    ['dossier technique amiante', 3],
    // The regulation's words for what the report looks for (article R.1334-20 of the CSP).
    ['(?:materiaux (?:et|ou) )?produits contenant de l amiante', 3],
    ['reperage des materiaux', 2, 'content'],
  ],
  PLOMB: [
    ['constat de risque d exposition au plomb', 3],
    ['exposition au plomb', 3],
    ['crep', 3],
    ['plomb', 2],
  ],
  ELECTRICITE: [
    ['installation interieure d electricite', 3],
    ['etat de l installation electrique', 3],
    ['diagnostic (?:electrique|electricite)', 3],
    ['installation electrique', 2],
    ['electricite', 3, 'name'],
    ['elec', 2, 'name'],
  ],
  GAZ: [
    ['installation interieure de gaz', 3],
    ['diagnostic gaz', 3],
    ['etat de l installation (?:de )?gaz', 3],
    // « Contrôle de l’installation de gaz », as electricity's « installation électrique ».
    ['installation de gaz', 2],
    ['gaz', 3, 'name'],
    // "gaz à effet de serre" is a line of every DPE, not a gas diagnostic.
    ['gaz(?! a effet)', 1, 'content'],
    // The checklist of NF P 45-500.
    ['robinet de commande', 2, 'content'],
    ['tuyauterie fixe', 2, 'content'],
    ['lyre gpl', 1.5, 'content'],
  ],
  TERMITES: [
    ['etat relatif a la presence de termites', 3],
    ['termites?', 2.5, 'content'],
    ['termites?', 3, 'name'],
    ['etat parasitaire', 2],
    ['insectes xylophages', 2, 'content'],
  ],
  ERP_ETAT_RISQUES: [
    ['etat des risques', 3],
    // The ESRIS, its name until 2018.
    ['etat des servitudes risques', 3],
    ['erp', 2],
    ['ernmt', 2],
    ['ernt', 2],
    // The « information des acquéreurs et des locataires » (IAL), the form's legal name.
    ['information des acquereurs et (?:des )?locataires', 2],
    ['esris', 2],
    ['risques naturels', 1.5],
    ['plan de prevention des risques', 1.5, 'content'],
    ['georisques', 1, 'content'],
    ['sismicite', 1, 'content'],
    ['radon', 1, 'content'],
  ],
  ASSAINISSEMENT: [
    ['assainissement', 2.5, 'content'],
    ['assainissement', 3, 'name'],
    ['spanc', 3],
    ['fosse (?:septique|toutes eaux)', 2],
    ['tout a l egout', 2],
  ],
  LOI_CARREZ: [
    ['loi carrez', 3],
    ['superficie privative', 3],
    ['(?:certificat|attestation) de (?:superficie|surface)', 3],
    ['carrez', 2],
    ['surfaces? privatives?', 2, 'content'],
    ['mesurage', 2],
    ['loi boutin', 2],
    ['metrage', 1, 'name'],
  ],
  REGLEMENT_COPROPRIETE: [
    // The usual full title: the division is then a part of the règlement, not a paper of its own.
    ['reglement de copropriete et etat descriptif de division', 3.5],
    ['reglement de copropriete', 3],
    ['reglement copro(?:priete)?', 3, 'name'],
    ['rcp', 2, 'name'],
    ['parties communes', 1, 'content'],
    ['tantiemes', 1, 'content'],
  ],
  ETAT_DESCRIPTIF_DIVISION: [
    ['(?<!reglement de copropriete et )etat descriptif de division', 3],
    ['edd', 3, 'name'],
    ['etat descriptif(?! de division)', 2.5],
    ['tantiemes', 1, 'content'],
  ],
  PV_AG_3_DERNIERES_ANNEES: [
    ['proces verbal (?:de l |d )assemblee(?: generale)?', 3],
    ['pv (?:d )?ag', 3],
    ['assemblee generale', 2],
    ['ag', 2, 'name'],
    ['pv', 1.5, 'name'],
    // The meeting's legal name, with or without « générale »: « réunion des copropriétaires ».
    ['(?:reunion|assemblee)(?: generale)? des coproprietaires', 3],
    ['resolution n', 1, 'content'],
    ['(?:a l unanimite|feuille de presence)', 1, 'content'],
  ],
  MONTANT_CHARGES: [
    // « Appel de fonds », « appel de charges », « appel de provisions » (article 14-1 of the law of 1965).
    ['appels? de (?:fonds|charges|provisions)', 3],
    // « Relevé individuel des charges », « décompte individuel de charges ».
    ['(?:releve|decompte)(?: individuel)? (?:de |des )?charges', 3],
    ['repartition des charges', 2],
    ['charges de copropriete', 2],
    ['charges', 2, 'name'],
    ['budget previsionnel', 1.5, 'content'],
    ['charges', 1, 'content'],
  ],
  CARNET_ENTRETIEN: [
    ['carnet d entretien', 3],
    ['carnet entretien', 3, 'name'],
    // Its content is set by décret n° 2001-477 of 30 May 2001.
    ['decret (?:n )?2001 477', 2, 'content'],
    // The rubriques that décret lists: no other paper gathers them.
    ['(?:annee et objet|objet et annee) des travaux importants', 1.5, 'content'],
    ['references? des contrats d assurance', 1, 'content'],
    ['contrats? d entretien(?: et de maintenance)?', 1, 'content'],
    ['echeancier du (?:programme pluriannuel de travaux|plan pluriannuel)', 1, 'content'],
  ],
  FICHE_SYNTHETIQUE: [
    ['fiche synthetique', 3],
    // Article 8-2 of the law of 10 July 1965 creates it.
    ['article 8 2', 1.5, 'content'],
  ],
  PRE_ETAT_DATE: [
    ['pre etat date', 3],
    ['pre etat', 2],
    // Its legal name (article L. 721-2 of the CCH).
    ['document d information prealable(?: a la vente)?', 3],
  ],
  ETAT_DATE: [
    ['(?<!pre )etat date', 3],
    ['article 5 du decret', 2, 'content'],
    // The first of its three parts.
    ['sommes dont le cedant (?:reste|est) debiteur', 2, 'content'],
  ],
  PHOTOS_HD: [
    ['photos?', 2, 'name'],
    // A PDF album: "Photo 1 : séjour", "Photos du bien".
    ['photos? (?:\\d+|du bien|de l appartement|de la maison)', 2, 'content'],
    ['(?:img|dsc|dscn|pxl|hd)', 1, 'name'],
    [
      '(?:facade|salon|sejour|cuisine|chambres?|salle de bains?|sdb|jardin|terrasse|piscine|vue|balcon|exterieur|interieur|entree|garage|living|pieces?)',
      2,
      'name',
    ],
    // Fittings shot by the agent: « compteur gaz », « chaudière », « tableau électrique ».
    ['(?:compteurs?|chaudiere|ballon|cumulus|radiateurs?|tableau electrique|toiture|combles|cave|grenier|fissures?)', 2, 'name'],
  ],
  VIDEO_VISITE: [
    ['visite virtuelle', 3],
    ['videos?', 3, 'name'],
    ['visite 3d', 3, 'name'],
  ],
  PLAN_BIEN: [
    [
      'plan (?:du logement|de l appartement|de la maison|du bien|d etage|de l etage|du rez de chaussee|du rdc|du sous sol|de niveau|du bas|du haut)',
      3,
    ],
    ['plans?(?! (?:cadastral|de financement|de prevention|d amortissement))', 3, 'name'],
    ['echelle 1 (?:50|100)', 2, 'content'],
    // The surveyor's « plan coté »: a plan with its dimensions.
    ['plans? cotes?', 3],
    ['plan non contractuel', 2, 'content'],
  ],
  ANNONCE_IMMOBILIERE: [
    ['annonces?', 3, 'name'],
    ['annonce', 2, 'content'],
    ['petites annonces', 3],
    // « Maison à vendre », not « autorise l’agence à vendre mon appartement ».
    ['a vendre(?! (?:mon|ma|mes|notre|nos|le|la|les|l|son|sa|ses|leur|leurs|ce|cette|ces|un|une|des|au|aux) )', 2],
    ['reference annonce', 2, 'content'],
    ['honoraires', 1, 'content'],
    ['fai', 1, 'content'],
    ['honoraires a la charge (?:du vendeur|de l acquereur|de l acheteur)', 2, 'content'],
    // What listings say and no other paper does.
    [
      '(?:lumineux|lumineuse|coup de coeur|a deux pas|sans vis a vis|a visiter sans tarder|ideale? (?:premier achat|investisseur|investissement|pour))',
      1.5,
      'content',
    ],
    ['exclusivite', 1, 'content'],
    ['(?:leboncoin|seloger|bienici|logic immo)', 2, 'name'],
  ],
  AFFICHE_VITRINE: [
    ['affiche vitrine', 3],
    // « À VENDRE » heads a window poster as much as a listing: alone it tells neither.
    ['a vendre(?! (?:mon|ma|mes|notre|nos|le|la|les|l|son|sa|ses|leur|leurs|ce|cette|ces|un|une|des|au|aux) )', 2, 'content'],
    ['affiche', 2],
    ['vitrine', 2],
  ],
  REPORTING_VENDEUR: [
    ['reporting(?: vendeur)?', 3],
    ['rapport de commercialisation', 3],
    ['bilan de (?:commercialisation|visites)', 3],
    ['compte rendu (?:de commercialisation|d activite|vendeur|de visites?)', 3],
    ['rapport (?:d activite|de visites|vendeur|mensuel)', 3],
    // A single visit's report is as much a technician's (SPANC, diagnostician) as the agency's.
    ['rapport de visite', 1.5],
    ['suivi de (?:votre |la )?(?:vente|commercialisation)', 3],
    ['compte rendu', 2],
    ['cr', 1, 'name'],
    ['nombre de (?:visites|contacts)', 2, 'content'],
    ['retours? des visiteurs', 2, 'content'],
  ],
  SIMULATION_FINANCEMENT: [
    ['simulation de (?:pret|financement|credit)', 3],
    ['simulation', 3, 'name'],
    ['tableau d amortissement', 2],
    ['plan de financement', 2],
    ['simulation (?:indicative|personnalisee)', 2, 'content'],
    // A broker's study: scenarios of amounts, rates and monthly payments.
    ['etude (?:personnalisee )?de financement', 3],
    ['taux (?:d )?endettement', 1.5, 'content'],
    ['(?:montant )?a emprunter', 1.5, 'content'],
    ['cout total (?:des interets|du credit)', 1.5, 'content'],
    ['restant du', 1.5, 'content'],
    ['mensualites?', 1, 'content'],
    ['taeg', 1, 'content'],
  ],
  ATTESTATION_CAPACITE_EMPRUNT: [
    ['attestation de capacite d emprunt', 3],
    ['capacite d emprunt', 3],
    ['capacite de financement', 2],
    // What the bank certifies: « sa capacité d’emprunt est estimée à 190 000 € ».
    ['capacite (?:d emprunt|de financement) (?:est )?(?:evaluee|estimee|fixee)', 1.5, 'content'],
    ['capacite', 2, 'name'],
  ],
  ACCORD_PRINCIPE_BANCAIRE: [
    ['accord de principe', 3],
    ['accord (?:bancaire|de financement|de pret)', 2],
    ['sous reserve de l etude definitive', 1.5, 'content'],
    // What the bank's committee gives: « un avis favorable de principe ».
    ['avis favorable(?: de principe)?', 2, 'content'],
    ['offre de pret', 2],
  ],
  COMPROMIS_OU_PROMESSE: [
    // "Annexes au compromis de vente" are the annexes, not the compromis.
    ['(?<!annexes? (?:au|du) )compromis de vente', 3],
    ['promesse (?:unilaterale |synallagmatique )?de vente', 3],
    // Not again for "compromis de vente", already counted above.
    ['compromis(?! de vente)', 2],
    ['promesse', 2, 'name'],
    ['(?<!annexes? (?:a|de) l |annexee?s? a l )avant contrat', 2],
    ['conditions suspensives', 1, 'content'],
  ],
  ANNEXES_COMPROMIS: [
    ['annexes? (?:au|du) compromis', 3],
    ['annexes? (?:a|de) la promesse', 3],
    ['liste des annexes', 2, 'content'],
    ['annexes? (?:a|de) l avant contrat', 3],
    ['(?:pieces|documents) annexe(?:e)?s (?:a l avant contrat|au compromis|a la promesse)', 3],
    ['annexes?', 3.5, 'name'],
  ],
  PREUVE_SEQUESTRE: [
    ['sequestr(?:e|ee|es|ees)', 3],
    ['reception des fonds', 2, 'content'],
    ['depot de garantie', 2],
    ['avis de virement', 1.5],
    ['virement', 1.5, 'name'],
  ],
  COURRIER_RETRACTATION: [
    ['(?:lettre|courrier) de retractation', 3],
    ['(?:exer(?:ce|cons)|utilis(?:e|ons)|fai(?:s|sons) (?:usage|valoir)(?: de)?) (?:mon|notre) droit de retractation', 3, 'content'],
    ['(?:je me|nous nous) retract(?:e|ons)', 3, 'content'],
    ['retractation', 3, 'name'],
    ['exercice de (?:mon|notre) droit de retractation', 3, 'content'],
    ['renon(?:ce|cons|cer) a (?:l achat|l acquisition|acquerir|acheter)', 3, 'content'],
    ['retractation', 2, 'content'],
  ],
  LEVEE_CONDITIONS_SUSPENSIVES: [
    ['levee (?:des|de la) conditions? suspensives?', 3],
    ['(?<!non )realisation (?:de la condition suspensive|des conditions suspensives)', 3],
    ['conditions suspensives (?:sont|ont ete) (?:levees|realisees)', 3, 'content'],
    ['condition suspensive d obtention (?:de|du|d un) pret est realisee', 3, 'content'],
    ['levee', 2, 'name'],
  ],
  ACTE_AUTHENTIQUE: [
    ['acte authentique', 3],
    ['acte definitif', 3],
    ['par devant maitre', 1.5, 'content'],
    ['present acte (?:authentique )?contenant (?:la )?vente', 3, 'content'],
    ['dont acte', 1.5, 'content'],
    ['acte', 1.5, 'name'],
  ],
  DECOMPTE_NOTAIRE: [
    ['frais de notaire', 3],
    ['frais (?:du )?notaire', 3, 'name'],
    ['frais d acte', 3],
    ['decompte (?:des frais|des sommes|de l acquereur|acquereur|du vendeur|vendeur|notaire|de frais)', 3],
    ['droits d enregistrement', 1.5, 'content'],
    ['provision sur frais', 3],
    ['emoluments', 2, 'content'],
    ['droits de mutation', 2, 'content'],
    ['decompte', 2, 'name'],
    ['decompte (?:des |de )?frais', 3, 'name'],
  ],
};

export const RULES: Rule[] = Object.entries(SPECS).flatMap(([type, specs]) =>
  specs.map(([pattern, weight, scope = 'both']) => ({
    type: type as TypeDocument,
    source: pattern,
    // Folded text has a space around every word, so the spaces here mean "whole words".
    pattern: new RegExp(` (?:${pattern}) `),
    weight,
    scope,
  })),
);
