import { PermanentJobError } from '@monimmo/queue';

/** A job's last attempt failed: what an agent reads about it, and after how many tries. */
export interface JobFailure {
  error: Error;
  readable: string;
  attempts: number;
}

/**
 * What an agent reads about a failure, in French only: a final error says why in its own words;
 * anything else is a provider's or a library's (often English) text, kept for the logs.
 */
export const readableFailure = (error: Error, attempts: number): string =>
  `Le traitement automatique a échoué après ${attempts} tentative${attempts > 1 ? 's' : ''} : ${
    error instanceof PermanentJobError ? error.message : 'le service est momentanément indisponible ou n’a pas répondu.'
  }`;
