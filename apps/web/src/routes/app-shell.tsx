import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import {
  Building2,
  CalendarDays,
  ChevronDown,
  Contact,
  Ellipsis,
  Inbox,
  LayoutDashboard,
  ListChecks,
  LogOut,
  Mic,
  Plug,
  Users,
} from 'lucide-react';
import { DropdownMenu } from 'radix-ui';
import { useSession, useSessionState, useSessionStore } from '../features/auth/use-session.ts';
import { LiveUpdates } from '../features/live/live-updates.tsx';
import { STAFF_ROLE_LABELS } from '@monimmo/contract/vocabulary/lists';
import { useTRPCClient } from '../lib/trpc.ts';
import { Logo } from '../ui/logo.tsx';
import { OpenReviewCount } from '../features/review/open-review-count.tsx';

// In the order of a day's work; on a phone the first ones are tabs, the rest sit under « Plus ».
const NAV = [
  { to: '/tableau-de-bord', label: 'Tableau de bord', short: 'Accueil', icon: LayoutDashboard },
  { to: '/biens', label: 'Biens', icon: Building2 },
  { to: '/a-traiter', label: 'À traiter', icon: ListChecks },
  { to: '/boite-de-reception', label: 'Boîte de réception', short: 'Messages', icon: Inbox },
  { to: '/vocaux', label: 'Vocaux', icon: Mic },
  { to: '/agenda', label: 'Agenda', icon: CalendarDays },
  { to: '/equipe', label: 'Équipe', icon: Users },
  { to: '/contacts', label: 'Contacts', icon: Contact },
  { to: '/integrations', label: 'Intégrations', icon: Plug },
] as const;
const PHONE_TABS = 4;

/** The signed-in frame: navigation, the account menu, then the screen. */
export function AppShell() {
  // Signed out (here or in another tab): nothing renders until the router leaves for the sign-in screen.
  if (useSessionState().status !== 'signedIn') return null;
  return (
    <div className="flex min-h-full flex-col">
      <a
        href="#contenu"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Aller au contenu
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-screen-2xl items-center gap-2 px-3 sm:gap-4 sm:px-6">
          <Link to="/tableau-de-bord" aria-label="Monimmo, accueil" className="shrink-0">
            <Logo className="[&>span:last-child]:hidden sm:[&>span:last-child]:inline" />
          </Link>
          <nav aria-label="Navigation principale" className="hidden min-w-0 flex-1 items-center gap-0.5 overflow-x-auto sm:flex">
            {NAV.map(({ to, label, icon: Icon }) => (
              <Link
                key={to}
                to={to}
                title={label}
                className="inline-flex shrink-0 items-center gap-2 rounded-md px-2.5 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                activeProps={{ className: 'bg-brand-50 text-brand-700', 'aria-current': 'page' }}
              >
                <Icon aria-hidden="true" className="h-4 w-4 shrink-0" />
                {/* Icons alone between tablet and wide screens; the name stays for screen readers. */}
                <span className="sr-only lg:not-sr-only">{label}</span>
                {to === '/a-traiter' ? <OpenReviewCount /> : null}
              </Link>
            ))}
          </nav>
          <span className="flex-1 sm:hidden" />
          <AccountMenu />
        </div>
      </header>
      <LiveUpdates />
      <main id="contenu" className="mx-auto w-full max-w-screen-2xl flex-1 px-3 pt-6 pb-24 sm:px-6 sm:pb-6">
        <Outlet />
      </main>
      <PhoneTabs />
    </div>
  );
}

/** On a phone the main sections sit under the thumb, as tabs; the others under « Plus ». */
function PhoneTabs() {
  const tabs = NAV.slice(0, PHONE_TABS);
  const more = NAV.slice(PHONE_TABS);
  const tab = 'flex flex-col items-center gap-0.5 px-1 py-2 text-xs font-medium text-slate-600';
  return (
    <nav
      aria-label="Navigation principale"
      className="fixed inset-x-0 bottom-0 z-30 grid grid-flow-col auto-cols-fr border-t border-slate-200 bg-white sm:hidden"
    >
      {tabs.map((entry) => (
        <Link key={entry.to} to={entry.to} className={tab} activeProps={{ className: 'text-brand-700', 'aria-current': 'page' }}>
          <entry.icon aria-hidden="true" className="h-5 w-5" />
          <span className="max-w-full truncate">
            {'short' in entry ? entry.short : entry.label}
            {entry.to === '/a-traiter' ? <OpenReviewCount /> : null}
          </span>
        </Link>
      ))}
      {more.length ? (
        <DropdownMenu.Root>
          <DropdownMenu.Trigger className={tab}>
            <Ellipsis aria-hidden="true" className="h-5 w-5" />
            Plus
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content
              side="top"
              align="end"
              sideOffset={6}
              className="z-50 w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
            >
              {more.map(({ to, label, icon: Icon }) => (
                <DropdownMenu.Item key={to} asChild>
                  <Link
                    to={to}
                    className="flex items-center gap-2 rounded px-3 py-2.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
                  >
                    <Icon aria-hidden="true" className="h-4 w-4" />
                    {label}
                  </Link>
                </DropdownMenu.Item>
              ))}
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      ) : null}
    </nav>
  );
}

function AccountMenu() {
  const session = useSession();
  const store = useSessionStore();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { user, organization } = session;
  const initials = `${user.firstName[0] ?? ''}${user.lastName[0] ?? ''}`.toUpperCase();

  async function signOut() {
    try {
      await client.session.logout.mutate();
    } finally {
      // Signed out here even if the network failed: the token in memory is dropped either way.
      store.signOut('logout');
      queryClient.clear();
      await navigate({ to: '/connexion' });
    }
  }

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="flex shrink-0 items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-slate-100">
        {/* Named by its visible text (with « Mon compte » for screen readers), as axe's label-in-name rule asks. */}
        <span className="sr-only">Mon compte :</span>
        <span className="sr-only 2xl:hidden">
          {user.firstName} {user.lastName}
        </span>
        <span aria-hidden="true" className="grid h-8 w-8 place-items-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700">
          {initials}
        </span>
        <span className="hidden text-sm leading-tight 2xl:block">
          <span className="block font-medium text-slate-900">
            {user.firstName} {user.lastName}
          </span>
          <span className="block text-xs text-slate-500">{organization.name}</span>
        </span>
        <ChevronDown aria-hidden="true" className="hidden h-4 w-4 text-slate-500 2xl:block" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="z-50 w-64 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <div className="px-3 py-2 text-sm">
            <p className="font-medium text-slate-900">
              {user.firstName} {user.lastName}
            </p>
            <p className="truncate text-slate-500">{user.email}</p>
            <p className="mt-1 text-slate-600">
              {organization.name}
              {user.role ? ` · ${STAFF_ROLE_LABELS[user.role]}` : ''}
            </p>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          <DropdownMenu.Item
            onSelect={() => void signOut()}
            className="flex cursor-pointer items-center gap-2 rounded px-3 py-2 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
          >
            <LogOut aria-hidden="true" className="h-4 w-4" />
            Se déconnecter
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
