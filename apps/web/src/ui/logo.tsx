import { House } from 'lucide-react';

export const Logo = ({ className }: { className?: string }) => (
  <span className={className ? `inline-flex items-center gap-2 ${className}` : 'inline-flex items-center gap-2'}>
    <span className="grid h-8 w-8 place-items-center rounded-lg bg-brand-600 text-white">
      <House aria-hidden="true" className="h-5 w-5" />
    </span>
    <span className="text-lg font-semibold tracking-tight text-slate-900">Monimmo</span>
  </span>
);
