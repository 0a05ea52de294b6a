import { MESSAGE_CHANNEL_LABELS, type AiStatus, type MessageChannel } from '@monimmo/contract/vocabulary/lists';
import { Mail, MessageCircle, Send, type LucideIcon } from 'lucide-react';
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

/** Where the message stands, in an agent's words. */
export function triageLabel(aiStatus: AiStatus, propertyId: string | null): { label: string; tone: 'neutral' | 'success' | 'warning' } {
  if (aiStatus === 'PENDING') return { label: 'En cours d’analyse', tone: 'neutral' };
  if (aiStatus === 'REVIEW_REQUIRED') return { label: 'À vérifier', tone: 'warning' };
  return propertyId ? { label: 'Rattaché', tone: 'success' } : { label: 'Traité, non rattaché', tone: 'neutral' };
}

export function TriageBadge({ aiStatus, propertyId }: { aiStatus: AiStatus; propertyId: string | null }) {
  const { label, tone } = triageLabel(aiStatus, propertyId);
  return <Badge tone={tone}>{label}</Badge>;
}

/** « 87 % » */
export const formatConfidence = (value: number): string =>
  new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 }).format(value);
