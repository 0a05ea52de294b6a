import { Search } from 'lucide-react';
import type { InputHTMLAttributes } from 'react';
import { cn } from '../lib/cn.ts';
import { Input } from './field.tsx';

/** A search box with its magnifier; `className` places the box, the input keeps room for the icon. */
export function SearchInput({ className, ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  return (
    <div className={cn('relative', className)}>
      <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-400" />
      <Input type="search" autoComplete="off" {...props} className="pl-9" />
    </div>
  );
}
