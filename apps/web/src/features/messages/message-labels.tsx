import { MESSAGE_CHANNEL_LABELS, type AiStatus, type MessageChannel, type SetBy } from '@monimmo/contract/vocabulary/lists';
import { Mail, MessageCircle, Send, type LucideIcon } from 'lucide-react';
import { formatDate } from '../../lib/format.ts';
import { Badge } from '../../ui/badge.tsx';

const CHANNEL_ICONS: Record<MessageChannel, LucideIcon> = { GMAIL: Mail, WHATSAPP: MessageCircle, TELEGRAM: Send };

/** The channel as an icon named for screen readers (« Gmail », « WhatsApp »). */
export function ChannelIcon({ channel, className = 'h-4 w-4' }: { channel: MessageChannel; className?: string }) {
  const Icon = CHANNEL_ICONS[channel];
  return <Icon role="img" aria-label={MESSAGE_CHANNEL_LABELS[channel]} className={`shrink-0 text-slate-500 ${className}`} />;
}

/** The inbox's filter labels for the triage state. */
export const TRIAGE_FILTER_LABELS: Record<AiStatus, string> = {
  PENDING: 'En cours d’analyse',
  PROCESSED: 'Traité',
  REVIEW_REQUIRED: 'À vérifier',
};

interface Triaged {
  aiStatus: AiStatus;
  propertyId: string | null;
  propertySetBy: SetBy | null;
}

/** Where the message stands, in an agent's words: « Rattaché auto » when the AI filed it alone. */
export function triageLabel({ aiStatus, propertyId, propertySetBy }: Triaged): { label: string; tone: 'neutral' | 'success' | 'warning' } {
  if (aiStatus === 'PENDING') return { label: 'En cours d’analyse', tone: 'neutral' };
  if (aiStatus === 'REVIEW_REQUIRED') return { label: 'À vérifier', tone: 'warning' };
  if (!propertyId) return { label: 'Traité, non rattaché', tone: 'neutral' };
  return { label: propertySetBy === 'AI' ? 'Rattaché auto' : 'Rattaché', tone: 'success' };
}

export function TriageBadge({ message }: { message: Triaged }) {
  const { label, tone } = triageLabel(message);
  return <Badge tone={tone}>{label}</Badge>;
}

/** « 87 % » */
export const formatConfidence = (value: number): string =>
  new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 }).format(value);

interface PropertySet extends Triaged {
  propertySetByUser: { firstName: string; lastName: string } | null;
  propertySetAt: string | null;
  aiDecision: { confidence: number } | null;
}

/** Who set the property, in words (« Rattaché par Claire Martin le 3 déc. 2026 »); null when nobody is known to have. */
export function propertySetSentence({
  propertyId,
  propertySetBy,
  propertySetByUser,
  propertySetAt,
  aiDecision,
}: PropertySet): string | null {
  if (propertySetBy === 'AI' && propertyId)
    return `Rattaché automatiquement par Monimmo${aiDecision ? ` (confiance ${formatConfidence(aiDecision.confidence)})` : ''}`;
  if (propertySetBy !== 'USER') return null;
  const who = propertySetByUser ? `${propertySetByUser.firstName} ${propertySetByUser.lastName}` : 'un membre de l’agence';
  return `${propertyId ? 'Rattaché' : 'Laissé sans bien'} par ${who}${propertySetAt ? ` le ${formatDate(propertySetAt)}` : ''}`;
}
