import { FakeCalendar, type FakeCalendarOptions } from './calendar.ts';
import { FakeGmail, type FakeGmailOptions } from './gmail.ts';
import { FakeGoogleOAuth, type FakeOAuthOptions } from './google-oauth.ts';
import { googleError, json } from './http.ts';

export interface FakeGoogleOptions extends FakeOAuthOptions, Pick<FakeGmailOptions, 'emailAddress'>, Pick<FakeCalendarOptions, 'owner'> {
  maxPageSize?: number;
}

/**
 * Google as the connectors see it, on paths relative to any origin: POST /token, the consent screen
 * (/o/oauth2/v2/auth), /gmail/v1/users/me/…,
 * /calendar/v3/calendars/{id}/events. A Fetch API handler, so it runs behind node:http in tests or
 * without a socket in the mock runtime.
 */
export class FakeGoogle {
  readonly oauth: FakeGoogleOAuth;
  readonly gmail: FakeGmail;
  readonly calendar: FakeCalendar;

  constructor(options: FakeGoogleOptions = {}) {
    this.oauth = new FakeGoogleOAuth(options);
    const shared = { ...(options.maxPageSize ? { maxPageSize: options.maxPageSize } : {}), ...(options.now ? { now: options.now } : {}) };
    this.gmail = new FakeGmail({ ...shared, ...(options.emailAddress ? { emailAddress: options.emailAddress } : {}) });
    this.calendar = new FakeCalendar({ ...shared, ...(options.owner ? { owner: options.owner } : {}) });
  }

  readonly handle = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === '/token') return this.oauth.handleToken(request);
    if (path === '/o/oauth2/v2/auth') return this.oauth.handleConsent(request);
    const gmail = /^\/gmail\/v1\/users\/me(\/.*)$/.exec(path);
    const calendar = /^\/calendar\/v3\/calendars\/([^/]+)\/events$/.exec(path);
    if (!gmail && !calendar) return json(404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });
    if (!this.oauth.isValidAccessToken(request.headers.get('authorization'))) {
      return googleError(
        401,
        'authError',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        {
          'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
        },
      );
    }
    if (gmail) return this.gmail.handle(request, gmail[1] as string);
    return this.calendar.handle(request, decodeURIComponent((calendar as RegExpExecArray)[1] as string));
  };
}
