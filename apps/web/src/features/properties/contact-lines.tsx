import { Mail, Phone } from 'lucide-react';

/** A contact's e-mail and phone as links that open the mail app or dial. */
export function ContactLinks({ email, phone }: { email: string | null; phone: string | null }) {
  if (!email && !phone) return <p className="text-xs text-slate-500">Ni e-mail ni téléphone</p>;
  return (
    <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {email ? (
        <a href={`mailto:${email}`} className="inline-flex min-w-0 items-center gap-1 text-brand-700 hover:underline">
          <Mail aria-hidden="true" className="h-3.5 w-3.5 shrink-0" />
          <span className="truncate">{email}</span>
        </a>
      ) : null}
      {phone ? (
        <a href={`tel:${phone.replace(/[^+0-9]/g, '')}`} className="inline-flex items-center gap-1 text-brand-700 hover:underline">
          <Phone aria-hidden="true" className="h-3.5 w-3.5 shrink-0" />
          {phone}
        </a>
      ) : null}
    </p>
  );
}
