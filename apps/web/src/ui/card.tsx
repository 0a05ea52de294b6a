import { useId, type ReactNode } from 'react';
import { cn } from '../lib/cn.ts';

/** A titled block of a screen, announced as a region named by its title. */
export function Card({
  title,
  action,
  children,
  className,
}: {
  title: string;
  /** A button or link at the right of the title. */
  action?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id} className={cn('rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5', className)}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {action ? <div className="flex flex-wrap items-center gap-2">{action}</div> : null}
      </div>
      {children}
    </section>
  );
}
