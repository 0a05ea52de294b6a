import type { ErrorCode } from '@monimmo/contract/errors';

/**
 * The API's messages are English, for developers; a person reads these. One place maps
 * `code`, `details.reason` and each `details.issues[]` to French, next to the field concerned.
 */

export interface Issue {
  path: string;
  code: string;
  message: string;
}

export interface ApiErrorData {
  code: ErrorCode | string;
  httpStatus?: number;
  details?: { reason?: string; issues?: Issue[]; retryAfterSeconds?: number; [key: string]: unknown };
}

export interface FrenchError {
  /** The sentence for the whole form or a notice. */
  message: string;
  /** Sentences for given fields (dotted paths, as the API names them). */
  fields: Record<string, string>;
  code: string;
  reason?: string;
}

const REASONS: Record<string, { message: string; field?: string }> = {
  INVALID_CREDENTIALS: { message: 'E-mail ou mot de passe incorrect.' },
  EMAIL_TAKEN: { message: 'Cette adresse e-mail est déjà utilisée.', field: 'email' },
  MANDATE_NUMBER_TAKEN: { message: 'Un autre bien porte déjà ce numéro de mandat.', field: 'mandateNumber' },
  ALREADY_PARTICIPANT: { message: 'Ce contact est déjà lié au bien.' },
  ALREADY_PROSPECT: { message: 'Ce contact est déjà prospect de ce bien.' },
  LAST_OWNER: { message: 'Un bien garde au moins un propriétaire vendeur.' },
  LAST_ADMIN: { message: 'L’agence doit garder au moins un administrateur.' },
  STAFF_EMAIL_ADMIN_ONLY: { message: 'Seul un administrateur peut changer l’e-mail d’un collaborateur.', field: 'email' },
  PASSWORD_TOKEN_INVALID: { message: 'Ce lien n’est plus valable : demandez-en un nouveau.' },
  TOKEN_EXPIRED: { message: 'Votre session a expiré : reconnectez-vous.' },
  TOKEN_INVALID: { message: 'Votre session n’est plus valable : reconnectez-vous.' },
  SESSION_REVOKED: { message: 'Votre session a été fermée : reconnectez-vous.' },
  REFRESH_TOKEN_REUSED: { message: 'Par sécurité, vous avez été déconnecté de tous vos onglets. Reconnectez-vous.' },
  REFRESH_TOKEN_INVALID: { message: 'Votre session a expiré : reconnectez-vous.' },
  NO_SESSION_COOKIE: { message: 'Connectez-vous pour continuer.' },
  FILE_TYPE_NOT_ACCEPTED: { message: 'Ce type de fichier n’est pas accepté.' },
  MIME_TYPE_MISMATCH: { message: 'Le contenu du fichier ne correspond pas à son type.' },
  EMPTY_FILE: { message: 'Le fichier est vide.' },
  VIDEO_NOT_ACCEPTED: { message: 'Les vidéos ne sont pas acceptées.' },
  AUDIO_TYPE_NOT_ACCEPTED: { message: 'Ce fichier n’est pas un enregistrement audio accepté (m4a, mp3, ogg, wav, webm).' },
  AUDIO_NOT_A_DOCUMENT: { message: 'Un fichier audio se dépose dans les vocaux, pas dans les documents.' },
  UPLOAD_IDLE: { message: 'L’envoi s’est interrompu : réessayez.' },
  IDEMPOTENCY_KEY_IN_USE: { message: 'Cet envoi est encore en cours de traitement : réessayez dans un instant.' },
  IDEMPOTENCY_KEY_REUSED: { message: 'Cet envoi a changé depuis la première tentative : déposez le fichier de nouveau.' },
  SHUTTING_DOWN: { message: 'Le serveur redémarre : réessayez dans un instant.' },
  MALFORMED_MULTIPART: { message: 'L’envoi est arrivé incomplet : réessayez.' },
  DATABASE_BUSY: { message: 'Le serveur est très sollicité : réessayez dans un instant.' },
  ALREADY_RESOLVED: { message: 'Un collègue a déjà traité cet élément.' },
  DECISION_NOT_APPLICABLE: { message: 'Cette décision ne s’applique pas à cet élément.' },
  QUEUE_UNAVAILABLE: { message: 'Le traitement automatique est momentanément indisponible : réessayez plus tard.' },
  OAUTH_CODE_REFUSED: { message: 'Google a refusé l’autorisation : recommencez la connexion.' },
  OAUTH_STATE_INVALID: {
    message: 'Ce retour de Google ne correspond pas à une connexion que vous avez lancée : recommencez depuis Intégrations.',
  },
  OAUTH_STATE_EXPIRED: { message: 'La connexion à Google a pris plus de 10 minutes : recommencez depuis Intégrations.' },
  OAUTH_CONSENT_FAILED: { message: 'Google n’a pas pu donner l’autorisation : recommencez la connexion.' },
  OAUTH_SCOPE_NOT_GRANTED: { message: 'L’accès en lecture n’a pas été coché sur l’écran de Google : recommencez en l’autorisant.' },
  OAUTH_CLIENT_REFUSED: { message: 'Google refuse la configuration de l’application : prévenez votre administrateur.' },
  PROVIDER_RATE_LIMITED: { message: 'Le service limite les demandes : réessayez dans un instant.' },
  PROVIDER_UNAVAILABLE: { message: 'Le service est injoignable : réessayez dans un instant.' },
  WHATSAPP_NUMBER_TAKEN: { message: 'Ce numéro WhatsApp est déjà connecté à une autre agence.', field: 'phoneNumberId' },
};

const CODES: Record<string, string> = {
  BAD_REQUEST: 'Certaines informations sont invalides.',
  UNAUTHORIZED: 'Connectez-vous pour continuer.',
  FORBIDDEN: 'Votre rôle ne permet pas cette action.',
  NOT_FOUND: 'Introuvable : l’élément a peut-être été supprimé.',
  CONFLICT: 'Cette modification entre en conflit avec une autre.',
  INVALID_STATE: 'Cette action n’est pas possible dans l’état actuel.',
  PAYLOAD_TOO_LARGE: 'Le fichier ou le texte est trop volumineux.',
  UNSUPPORTED_MEDIA_TYPE: 'Ce type de fichier n’est pas accepté.',
  REQUEST_TIMEOUT: 'Le serveur a mis trop de temps à répondre : réessayez.',
  UNAVAILABLE: 'Service momentanément indisponible : réessayez dans un instant.',
  INTERNAL_ERROR: 'Une erreur inattendue est survenue. Réessayez ; si elle persiste, contactez le support.',
};

/** The contract's own rule messages (English, shared by the API's answers and the forms' checks). */
const ISSUE_MESSAGES: Record<string, string> = {
  'must be at least 10 characters': 'Au moins 10 caractères.',
  'must be a phone number': 'Numéro de téléphone invalide.',
  'must be a 5-digit French postal code': 'Code postal à 5 chiffres.',
  'must be 2 to 5 digits': 'De 2 à 5 chiffres.',
  'a contact needs an e-mail or a phone': 'Indiquez un e-mail ou un téléphone.',
  'required for staff': 'Obligatoire pour un collaborateur.',
  'must be an e-mail address': 'Adresse e-mail invalide.',
  'nothing to change: give at least one field': 'Aucune modification à enregistrer.',
  'must be a plain file name': 'Nom de fichier invalide.',
  'must be the numeric phone number id': 'Uniquement des chiffres (de 5 à 30).',
  'required for WhatsApp': 'Obligatoire.',
  'required for Google': 'Obligatoire.',
  required: 'Obligatoire.',
};

/** One issue in French: the contract's known rules, else by Zod's code. */
export function frenchIssue(issue: { code?: string; message?: string }): string {
  const known = issue.message ? ISSUE_MESSAGES[issue.message] : undefined;
  if (known) return known;
  switch (issue.code) {
    case 'invalid_type':
      return 'Obligatoire.';
    case 'too_small':
      return 'Trop court.';
    case 'too_big':
      return 'Trop long.';
    case 'invalid_format':
    case 'invalid_string':
      return 'Format invalide.';
    case 'invalid_value':
    case 'invalid_enum_value':
      return 'Valeur non acceptée.';
    default:
      return issue.message && /[àâçéèêëîïôûù]|^[A-ZÉ]/.test(issue.message) ? issue.message : 'Valeur invalide.';
  }
}

function retryText(seconds: unknown): string {
  if (typeof seconds !== 'number' || seconds <= 0) return 'Trop de tentatives : réessayez dans quelques minutes.';
  if (seconds < 60) return `Trop de tentatives : réessayez dans ${Math.ceil(seconds)} s.`;
  const minutes = Math.ceil(seconds / 60);
  return `Trop de tentatives : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`;
}

/** The error data a tRPC or REST failure carries, if it is one of the API's. */
export function apiErrorData(error: unknown): ApiErrorData | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const data = (error as { data?: unknown }).data;
  if (typeof data === 'object' && data !== null && typeof (data as { code?: unknown }).code === 'string') return data as ApiErrorData;
  // REST bodies ({ code, message, details }) as the upload route answers them.
  if (typeof (error as { code?: unknown }).code === 'string' && 'message' in error) return error as unknown as ApiErrorData;
  return undefined;
}

/** Any failure as French sentences: the form's message and the fields' messages. */
export function toFrenchError(error: unknown): FrenchError {
  const data = apiErrorData(error);
  if (!data) {
    return { code: 'NETWORK', message: 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.', fields: {} };
  }
  const reason = data.details?.reason;
  const fields: Record<string, string> = {};
  for (const issue of data.details?.issues ?? []) {
    if (issue.path && !fields[issue.path]) fields[issue.path] = frenchIssue(issue);
  }
  const byReason = reason ? REASONS[reason] : undefined;
  if (byReason?.field) fields[byReason.field] = byReason.message;
  let message = byReason?.message ?? CODES[data.code] ?? CODES.INTERNAL_ERROR!;
  if (data.code === 'RATE_LIMITED') message = retryText(data.details?.retryAfterSeconds);
  if (data.code === 'BAD_REQUEST' && Object.keys(fields).length === 0 && data.details?.issues?.[0]) {
    message = frenchIssue(data.details.issues[0]);
  }
  return { code: data.code, message, fields, ...(reason ? { reason } : {}) };
}
