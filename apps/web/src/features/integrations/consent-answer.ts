/** What Google's consent redirect brings back, kept for the one completion it serves. */
export interface ConsentAnswer {
  state: string;
  code?: string;
  error?: string;
}

export const GOOGLE_CALLBACK_PATH = '/integrations/google/callback';
// This tab only, and only until the completion (or a sign-in before it) has used it.
const KEY = 'monimmo.google-consent';

/** Takes `code`, `state` and `error` out of the callback's query into this tab's storage; false when it has none. */
export function keepConsentAnswer(searchStr: string): boolean {
  const query = new URLSearchParams(searchStr);
  const state = query.get('state');
  if (!query.has('code') && !query.has('error') && !state) return false;
  const answer: ConsentAnswer = { state: state ?? '' };
  const code = query.get('code');
  const error = query.get('error');
  if (code) answer.code = code;
  if (error) answer.error = error;
  sessionStorage.setItem(KEY, JSON.stringify(answer));
  return true;
}

/** The kept answer, if it is whole. */
export function readConsentAnswer(): ConsentAnswer | null {
  try {
    const answer = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<ConsentAnswer> | null;
    // Google brings back a code or an error, always with the state: anything less cannot complete.
    return answer?.state && (answer.code || answer.error) ? (answer as ConsentAnswer) : null;
  } catch {
    return null;
  }
}

/** Forgets the answer as its completion starts: a reload or a second attempt cannot send it twice. */
export function forgetConsentAnswer(): void {
  sessionStorage.removeItem(KEY);
}
