import { Columns3, List } from 'lucide-react';
import { cn } from '../../lib/cn.ts';

export type PropertiesView = 'tableau' | 'liste';

const VIEWS = [
  { view: 'tableau', label: 'Tableau', icon: Columns3 },
  { view: 'liste', label: 'Liste', icon: List },
] as const;

/** « Tableau / Liste »: two pressed-or-not buttons, the current one highlighted. */
export function ViewToggle({ view, onChange }: { view: PropertiesView; onChange(view: PropertiesView): void }) {
  return (
    <div role="group" aria-label="Affichage" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
      {VIEWS.map(({ view: value, label, icon: Icon }) => (
        <button
          key={value}
          type="button"
          aria-pressed={view === value}
          onClick={() => onChange(value)}
          className={cn(
            'inline-flex h-8 items-center gap-1.5 rounded px-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600',
            view === value ? 'bg-brand-50 text-brand-700' : 'text-slate-600 hover:bg-slate-50 hover:text-slate-900',
          )}
        >
          <Icon aria-hidden="true" className="h-4 w-4" />
          {label}
        </button>
      ))}
    </div>
  );
}
