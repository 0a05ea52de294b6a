import type { DocumentFamily, TypeDocument } from './document-types.ts';
import type {
  AccountType,
  AiStatus,
  CalendarEventStatus,
  DpeClass,
  FileSource,
  FileStatus,
  IntegrationProvider,
  IntegrationStatus,
  InterestLevel,
  MessageChannel,
  ParticipantRole,
  PropertyEventType,
  PropertyStatus,
  PropertyType,
  ReviewDecision,
  ReviewItemType,
  ReviewReason,
  ReviewStatus,
  SetBy,
  StaffRole,
  VocalSource,
  VocalStage,
  VocalStatus,
  VocalType,
} from './values.ts';

/**
 * What a person reads for each value, in French. Typed as complete records, so a value added to
 * a list fails to compile until it has its label.
 */

export const PROPERTY_STATUS_LABELS: Record<PropertyStatus, string> = {
  PROSPECTION: 'Prospection',
  MANDAT_SIGNE: 'Mandat signé',
  EN_DIFFUSION: 'En diffusion',
  VISITES: 'Visites',
  OFFRES: 'Offres',
  COMPROMIS: 'Compromis',
  VENDU: 'Vendu',
  ARCHIVE: 'Archivé',
};

export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, string> = {
  VENDEUR: 'Vendeur',
  ACHETEUR: 'Acheteur',
  LOCATAIRE: 'Locataire',
  NOTAIRE: 'Notaire',
  ARTISAN: 'Artisan',
  AUTRE: 'Autre',
};

export const PROPERTY_EVENT_TYPE_LABELS: Record<PropertyEventType, string> = {
  CREATED: 'Bien créé',
  STATUS_CHANGED: 'Changement d’étape',
};

export const PROPERTY_TYPE_LABELS: Record<PropertyType, string> = {
  APPARTEMENT: 'Appartement',
  MAISON: 'Maison',
  STUDIO: 'Studio',
  LOFT: 'Loft',
  TERRAIN: 'Terrain',
  LOCAL_COMMERCIAL: 'Local commercial',
  IMMEUBLE: 'Immeuble',
};

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  AGENT: 'Agent',
  MANAGER: 'Responsable d’agence',
  ADMIN: 'Administrateur',
};

export const ACCOUNT_TYPE_LABELS: Record<AccountType, string> = {
  AGENT: 'Membre de l’agence',
  CLIENT: 'Client',
  NOTAIRE: 'Notaire',
};

export const FILE_STATUS_LABELS: Record<FileStatus, string> = {
  UPLOADED: 'Reçu',
  CLASSIFIED: 'Classé',
  REVIEW_REQUIRED: 'À vérifier',
};

export const FILE_SOURCE_LABELS: Record<FileSource, string> = {
  UPLOAD: 'Dépôt manuel',
  GMAIL: 'Gmail',
  WHATSAPP: 'WhatsApp',
};

export const MESSAGE_CHANNEL_LABELS: Record<MessageChannel, string> = {
  GMAIL: 'Gmail',
  WHATSAPP: 'WhatsApp',
  TELEGRAM: 'Telegram',
};

export const AI_STATUS_LABELS: Record<AiStatus, string> = {
  PENDING: 'En attente d’analyse',
  PROCESSED: 'Traité',
  REVIEW_REQUIRED: 'À vérifier',
};

export const REVIEW_ITEM_TYPE_LABELS: Record<ReviewItemType, string> = {
  MESSAGE: 'Message',
  FILE: 'Document',
  VOCAL: 'Note vocale',
};

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  OPEN: 'À traiter',
  RESOLVED: 'Résolu',
};

export const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = {
  ATTACH_PROPERTY: 'Rattacher à un bien',
  SET_TYPE_DOCUMENT: 'Choisir le type de document',
  SET_VOCAL_TYPE: 'Choisir le type de note vocale',
  CORRECT_TRANSCRIPT: 'Corriger la transcription',
  ACCEPT_PROPOSAL: 'Accepter la proposition',
  RETRY: 'Relancer le traitement',
  DISMISS: 'Ignorer',
};

export const REVIEW_REASON_LABELS: Record<ReviewReason, string> = {
  MESSAGE_PROPERTY_AMBIGUOUS: 'Message : plusieurs biens possibles',
  MESSAGE_PROPERTY_NOT_FOUND: 'Message : aucun bien reconnu',
  MESSAGE_NO_PROPERTY_CANDIDATE: 'Message : aucun bien actif dans l’agence',
  MESSAGE_PROCESSING_ERROR: 'Message : échec de l’analyse',
  FILE_CLASSIFICATION_REVIEW_REQUIRED: 'Document : type à confirmer',
  FILE_PROCESSING_ERROR: 'Document : échec de l’analyse',
  VOCAL_EMPTY_TRANSCRIPT: 'Note vocale : aucune parole reconnue',
  VOCAL_LOW_CONFIDENCE: 'Note vocale : résultat incertain',
  VOCAL_PROPERTY_AMBIGUOUS: 'Note vocale : plusieurs biens possibles',
  VOCAL_PROPERTY_NOT_FOUND: 'Note vocale : aucun bien reconnu',
  VOCAL_TYPE_REVIEW_REQUIRED: 'Note vocale : type à confirmer',
  VOCAL_INITIAL_VISIT_NO_PROPERTY: 'Première visite d’un bien inconnu',
  VOCAL_EXTRACTION_CONFLICT: 'Note vocale : informations contradictoires',
  VOCAL_PROCESSING_ERROR: 'Note vocale : échec du traitement',
};

export const VOCAL_TYPE_LABELS: Record<VocalType, string> = {
  VISITE_INITIALE: 'Première visite',
  VISITE_SUIVI: 'Visite de suivi',
  COMPTE_RENDU_VISITE_CLIENT: 'Compte rendu de visite client',
  ERREUR_TRAITEMENT: 'Erreur de traitement',
};

export const VOCAL_STATUS_LABELS: Record<VocalStatus, string> = {
  UPLOADED: 'Envoyée',
  TRANSCRIBED: 'Transcrite',
  INSIGHTS_READY: 'Analysée',
  REVIEW_REQUIRED: 'À vérifier',
};

export const VOCAL_STAGE_LABELS: Record<VocalStage, string> = {
  TRANSCRIBE: 'Transcription',
  MATCH: 'Recherche du bien',
  DETECT_TYPE: 'Détection du type',
  EXTRACT_INITIAL_VISIT: 'Relevé de la première visite',
  EXTRACT_INSIGHTS: 'Analyse de la visite',
  DONE: 'Terminé',
};

export const VOCAL_SOURCE_LABELS: Record<VocalSource, string> = {
  UPLOAD: 'Monimmo (enregistré ou déposé)',
  WHATSAPP: 'WhatsApp',
};

export const SET_BY_LABELS: Record<SetBy, string> = {
  AI: 'Assistant IA',
  USER: 'Saisie manuelle',
};

export const DPE_CLASS_LABELS: Record<DpeClass, string> = {
  A: 'Classe A',
  B: 'Classe B',
  C: 'Classe C',
  D: 'Classe D',
  E: 'Classe E',
  F: 'Classe F',
  G: 'Classe G',
};

export const INTEREST_LEVEL_LABELS: Record<InterestLevel, string> = {
  HIGH: 'Intérêt fort',
  MEDIUM: 'Intérêt moyen',
  LOW: 'Intérêt faible',
};

export const INTEGRATION_PROVIDER_LABELS: Record<IntegrationProvider, string> = {
  GMAIL: 'Gmail',
  GOOGLE_CALENDAR: 'Google Agenda',
  WHATSAPP: 'WhatsApp',
};

export const INTEGRATION_STATUS_LABELS: Record<IntegrationStatus, string> = {
  CONNECTED: 'Connecté',
  SYNC_QUEUED: 'Synchronisation prévue',
  SYNCING: 'Synchronisation en cours',
  NEEDS_RECONNECT: 'Reconnexion nécessaire',
  DISCONNECTED: 'Déconnecté',
};

export const CALENDAR_EVENT_STATUS_LABELS: Record<CalendarEventStatus, string> = {
  confirmed: 'Confirmé',
  tentative: 'Provisoire',
  cancelled: 'Annulé',
};

export const DOCUMENT_FAMILY_LABELS: Record<DocumentFamily, string> = {
  IDENTITY: 'Identité et état civil',
  OWNERSHIP: 'Propriété',
  MANDATE_AND_SALE: 'Mandat et vente',
  DIAGNOSTICS: 'Diagnostics techniques',
  CO_OWNERSHIP: 'Copropriété',
  MARKETING: 'Commercialisation',
  FINANCING: 'Financement',
  LEGAL: 'Actes et juridique',
};

export const TYPE_DOCUMENT_LABELS: Record<TypeDocument, string> = {
  PIECE_IDENTITE: 'Pièce d’identité',
  LIVRET_FAMILLE: 'Livret de famille',
  CONTRAT_MARIAGE_PACS: 'Contrat de mariage ou convention de PACS',
  JUGEMENT_DIVORCE: 'Jugement de divorce',
  TITRE_PROPRIETE: 'Titre de propriété',
  ATTESTATION_NOTARIALE: 'Attestation notariée',
  TAXE_FONCIERE: 'Avis de taxe foncière',
  REFERENCE_CADASTRALE: 'Référence cadastrale',
  MANDAT_VENTE_SIGNE: 'Mandat de vente signé',
  BON_VISITE: 'Bon de visite',
  OFFRE_ACHAT_SIGNEE: 'Offre d’achat signée',
  DPE: 'Diagnostic de performance énergétique (DPE)',
  AMIANTE: 'Diagnostic amiante',
  PLOMB: 'Constat de risque d’exposition au plomb (CREP)',
  ELECTRICITE: 'Diagnostic électricité',
  GAZ: 'Diagnostic gaz',
  TERMITES: 'État relatif à la présence de termites',
  ERP_ETAT_RISQUES: 'État des risques et pollutions (ERP)',
  ASSAINISSEMENT: 'Diagnostic assainissement',
  LOI_CARREZ: 'Mesurage loi Carrez',
  REGLEMENT_COPROPRIETE: 'Règlement de copropriété',
  ETAT_DESCRIPTIF_DIVISION: 'État descriptif de division',
  PV_AG_3_DERNIERES_ANNEES: 'Procès-verbaux d’assemblée générale (3 dernières années)',
  MONTANT_CHARGES: 'Montant des charges de copropriété',
  CARNET_ENTRETIEN: 'Carnet d’entretien de l’immeuble',
  FICHE_SYNTHETIQUE: 'Fiche synthétique de la copropriété',
  PRE_ETAT_DATE: 'Pré-état daté',
  ETAT_DATE: 'État daté',
  PHOTOS_HD: 'Photos HD',
  VIDEO_VISITE: 'Vidéo de visite',
  PLAN_BIEN: 'Plan du bien',
  ANNONCE_IMMOBILIERE: 'Annonce immobilière',
  AFFICHE_VITRINE: 'Affiche vitrine',
  REPORTING_VENDEUR: 'Compte rendu au vendeur',
  SIMULATION_FINANCEMENT: 'Simulation de financement',
  ATTESTATION_CAPACITE_EMPRUNT: 'Attestation de capacité d’emprunt',
  ACCORD_PRINCIPE_BANCAIRE: 'Accord de principe bancaire',
  COMPROMIS_OU_PROMESSE: 'Compromis ou promesse de vente',
  ANNEXES_COMPROMIS: 'Annexes du compromis',
  PREUVE_SEQUESTRE: 'Preuve de versement du séquestre',
  COURRIER_RETRACTATION: 'Courrier de rétractation',
  LEVEE_CONDITIONS_SUSPENSIVES: 'Levée des conditions suspensives',
  ACTE_AUTHENTIQUE: 'Acte authentique de vente',
  DECOMPTE_NOTAIRE: 'Décompte du notaire',
};
