import { Outlet } from '@tanstack/react-router';
import { Logo } from '../ui/logo.tsx';

/** The sign-in screens: one card, centred, readable on a phone. */
export function AuthLayout() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center px-4 py-10">
      <Logo className="mb-6" />
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <Outlet />
      </div>
      <p className="mt-6 text-center text-xs text-slate-500">L’assistant des agences immobilières</p>
    </main>
  );
}
