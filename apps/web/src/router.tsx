import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
  type RouterHistory,
} from '@tanstack/react-router';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { safeRedirect } from './features/auth/redirect.ts';
import type { SessionStore } from './features/auth/session-store.ts';
import type { AppRouter } from './lib/api-types.ts';
import { AppShell } from './routes/app-shell.tsx';
import { AuthLayout } from './routes/auth-layout.tsx';
import { NotFoundScreen } from './routes/not-found.tsx';
import { parsePropertiesSearch } from './features/properties/search.ts';
import { parseInboxSearch } from './features/messages/search.ts';
import { parseVocalsSearch } from './features/vocals/search.ts';
import { parseAgendaSearch } from './features/calendar/search.ts';
import { GOOGLE_CALLBACK_PATH, keepConsentAnswer } from './features/integrations/consent-answer.ts';

export interface RouterContext {
  queryClient: QueryClient;
  trpc: TRPCOptionsProxy<AppRouter>;
  session: SessionStore;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundScreen,
});

// Screens load on demand, so the first screen after sign-in carries only its own code.
const screen = {
  login: lazyRouteComponent(() => import('./routes/login.tsx'), 'LoginScreen'),
  register: lazyRouteComponent(() => import('./routes/register.tsx'), 'RegisterScreen'),
  forgotPassword: lazyRouteComponent(() => import('./routes/forgot-password.tsx'), 'ForgotPasswordScreen'),
  resetPassword: lazyRouteComponent(() => import('./routes/choose-password.tsx'), 'ResetPasswordScreen'),
  invitation: lazyRouteComponent(() => import('./routes/choose-password.tsx'), 'InvitationScreen'),
  properties: lazyRouteComponent(() => import('./routes/properties.tsx'), 'PropertiesScreen'),
  property: lazyRouteComponent(() => import('./routes/property.tsx'), 'PropertyScreen'),
  team: lazyRouteComponent(() => import('./routes/team.tsx'), 'TeamScreen'),
  contacts: lazyRouteComponent(() => import('./routes/contacts.tsx'), 'ContactsScreen'),
  inbox: lazyRouteComponent(() => import('./routes/inbox.tsx'), 'InboxScreen'),
  vocals: lazyRouteComponent(() => import('./routes/vocals.tsx'), 'VocalsScreen'),
  dashboard: lazyRouteComponent(() => import('./routes/dashboard.tsx'), 'DashboardScreen'),
  agenda: lazyRouteComponent(() => import('./routes/agenda.tsx'), 'AgendaScreen'),
  integrations: lazyRouteComponent(() => import('./routes/integrations.tsx'), 'IntegrationsScreen'),
  review: lazyRouteComponent(() => import('./routes/review.tsx'), 'ReviewScreen'),
  googleCallback: lazyRouteComponent(() => import('./routes/google-callback.tsx'), 'GoogleCallbackScreen'),
};

const redirectSearch = (search: Record<string, unknown>): { redirect?: string } =>
  typeof search.redirect === 'string' ? { redirect: search.redirect } : {};

/** Sign-in screens: a signed-in person goes straight to the app. */
const publicLayout = createRoute({
  getParentRoute: () => rootRoute,
  id: 'public',
  component: AuthLayout,
});

const loginRoute = createRoute({
  getParentRoute: () => publicLayout,
  path: '/connexion',
  validateSearch: redirectSearch,
  beforeLoad: async ({ context, search }) => {
    if ((await context.session.ready()).status === 'signedIn') throw redirect({ to: safeRedirect(search.redirect) });
  },
  component: screen.login,
});

const registerRoute = createRoute({ getParentRoute: () => publicLayout, path: '/creer-une-agence', component: screen.register });
const forgotRoute = createRoute({ getParentRoute: () => publicLayout, path: '/mot-de-passe-oublie', component: screen.forgotPassword });
const resetRoute = createRoute({
  getParentRoute: () => publicLayout,
  path: '/reinitialiser-mot-de-passe',
  component: screen.resetPassword,
});
const invitationRoute = createRoute({ getParentRoute: () => publicLayout, path: '/invitation', component: screen.invitation });

/** Everything else needs a session: the page-load refresh decides, then the sign-in screen if none. */
const appLayout = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    if ((await context.session.ready()).status !== 'signedIn') {
      throw redirect({ to: '/connexion', search: { redirect: location.href === '/' ? undefined : location.href } });
    }
  },
  component: AppShell,
});

const homeRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/tableau-de-bord' });
  },
});

const propertiesRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/biens',
  validateSearch: parsePropertiesSearch,
  component: screen.properties,
});

const propertyRoute = createRoute({ getParentRoute: () => appLayout, path: '/biens/$propertyId', component: screen.property });
const teamRoute = createRoute({ getParentRoute: () => appLayout, path: '/equipe', component: screen.team });
const contactsRoute = createRoute({ getParentRoute: () => appLayout, path: '/contacts', component: screen.contacts });
const inboxRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/boite-de-reception',
  validateSearch: parseInboxSearch,
  component: screen.inbox,
});
const vocalsRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/vocaux',
  validateSearch: parseVocalsSearch,
  component: screen.vocals,
});
const dashboardRoute = createRoute({ getParentRoute: () => appLayout, path: '/tableau-de-bord', component: screen.dashboard });
const agendaRoute = createRoute({
  getParentRoute: () => appLayout,
  path: '/agenda',
  validateSearch: parseAgendaSearch,
  component: screen.agenda,
});
const integrationsRoute = createRoute({ getParentRoute: () => appLayout, path: '/integrations', component: screen.integrations });
const reviewRoute = createRoute({ getParentRoute: () => appLayout, path: '/a-traiter', component: screen.review });

/** Google's consent comes back here: a card of its own, outside the app's frame and its session check. */
const consentLayout = createRoute({ getParentRoute: () => rootRoute, id: 'consent', component: AuthLayout });

const googleCallbackRoute = createRoute({
  getParentRoute: () => consentLayout,
  path: GOOGLE_CALLBACK_PATH,
  beforeLoad: async ({ context, location }) => {
    // The code and state leave the address bar (and the history) first, before the session is even asked.
    if (keepConsentAnswer(location.searchStr)) throw redirect({ to: GOOGLE_CALLBACK_PATH, replace: true });
    if ((await context.session.ready()).status !== 'signedIn') {
      throw redirect({ to: '/connexion', search: { redirect: GOOGLE_CALLBACK_PATH } });
    }
  },
  component: screen.googleCallback,
});

const routeTree = rootRoute.addChildren([
  consentLayout.addChildren([googleCallbackRoute]),
  publicLayout.addChildren([loginRoute, registerRoute, forgotRoute, resetRoute, invitationRoute]),
  appLayout.addChildren([
    homeRoute,
    dashboardRoute,
    propertiesRoute,
    propertyRoute,
    inboxRoute,
    reviewRoute,
    vocalsRoute,
    agendaRoute,
    teamRoute,
    contactsRoute,
    integrationsRoute,
  ]),
]);

export function createAppRouter(context: RouterContext, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context,
    ...(history ? { history } : {}),
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
