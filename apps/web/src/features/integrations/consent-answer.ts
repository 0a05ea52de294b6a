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

/** The kept answer, removed as it is read: a reload or a second tab cannot complete it twice. */
export function takeConsentAnswer(): ConsentAnswer | null {
  const stored = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  if (!stored) return null;
  try {
    const answer = JSON.parse(stored) as Partial<ConsentAnswer>;
    return typeof answer.state === 'string' && answer.state ? (answer as ConsentAnswer) : null;
  } catch {
    return null;
  }
}
