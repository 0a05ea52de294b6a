import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../ui/button.tsx';
import { notify } from '../../ui/toast.tsx';

/** One value to paste into Meta's console, with its « Copier » button. */
function CopyLine({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      notify(`${label} copié.`, 'success');
    } catch {
      notify('Copie impossible : sélectionnez le texte et copiez-le vous-même.', 'error');
    }
  };
  return (
    <div className="space-y-1">
      <p className="text-xs font-medium text-slate-600">{label}</p>
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded bg-slate-100 px-2 py-1.5 text-xs text-slate-800" title={value}>
          {value}
        </code>
        <Button type="button" variant="secondary" size="sm" onClick={() => void copy()} aria-label={`Copier : ${label}`}>
          {copied ? <Check aria-hidden="true" className="h-4 w-4" /> : <Copy aria-hidden="true" className="h-4 w-4" />}
          Copier
        </Button>
      </div>
    </div>
  );
}

/**
 * What Meta's console needs once WhatsApp is connected: the webhook address (the API answers on the
 * app's own origin) and the verify token, shown only right after it was typed: the API never returns it.
 */
export function WhatsAppWebhookDetails({ verifyToken }: { verifyToken: string | null }) {
  const url = `${window.location.origin}/api/v1/integrations/whatsapp/webhook`;
  return (
    <div className="mt-4 space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-3">
      <p className="text-sm text-slate-700">
        Dans la console Meta (WhatsApp › Configuration › Webhook), collez ces valeurs puis abonnez-vous au champ « messages ».
      </p>
      <CopyLine label="URL de rappel" value={url} />
      {verifyToken ? (
        <CopyLine label="Jeton de vérification" value={verifyToken} />
      ) : (
        <p className="text-xs text-slate-600">Jeton de vérification : celui que vous avez choisi en connectant WhatsApp.</p>
      )}
    </div>
  );
}
