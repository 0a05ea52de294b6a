import { GOOGLE_SCOPES } from '@monimmo/connectors';
import { AppError, PROVIDER_SLUGS } from '@monimmo/contract';
import { connectIntegration, googleRedirectUri } from './connect.ts';
import type { IntegrationOperation as Op } from './deps.ts';

/**
 * Google's consent screen for the provider's read-only scope, with a state bound to the caller.
 * The mock runtime has no screen to show: its fake accepts at once, and the answer is the callback
 * it redirects to, so the web app follows one path in both runtimes.
 */
export const startGoogleConsent: Op<'startGoogleConsent'> = async (deps, actor, provider) => {
  const { connectors } = deps;
  const state = await deps.consentStates.sign({ orgId: actor.orgId, userId: actor.userId, provider });
  const url = connectors.oauth.consentUrl({
    scope: GOOGLE_SCOPES[PROVIDER_SLUGS[provider]],
    redirectUri: googleRedirectUri(deps.settings.appBaseUrl),
    state,
  });
  return { url: connectors.mock ? await connectors.mock.consent(url) : url };
};

/** The state first (nothing is exchanged or written for a state that is not the caller's), then `connect`. */
export const completeGoogleConsent: Op<'completeGoogleConsent'> = async (deps, actor, input) => {
  const provider = await deps.consentStates.verify(input.state, actor);
  if (input.error) {
    const denied = input.error === 'access_denied';
    throw new AppError('BAD_REQUEST', denied ? 'Access was refused on the consent screen' : `Google answered ${input.error}`, {
      reason: denied ? 'OAUTH_CONSENT_DENIED' : 'OAUTH_CONSENT_FAILED',
      provider,
    });
  }
  return connectIntegration(deps, actor, { provider, code: input.code! });
};
