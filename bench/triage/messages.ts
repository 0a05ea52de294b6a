// Messages into the inbox the way an integration or a REST client files them, one at a time in
// date order (triage may learn from what came before), each triaged by the product's job.
import { createMessageInput, resolveReviewItemInput, type Actor } from '../../packages/contract/src/index.ts';
import type { SeededAgency } from './agency.ts';
import type { LabeledMessage } from './data.ts';
import type { Product } from './product.ts';

export interface MessageOutcome {
  item: LabeledMessage;
  /** The key of the property it ended attached to by the AI, or null. */
  attached: string | null;
  /** Left for a person by triage. */
  review: boolean;
  reason: string | null;
  /** The property triage proposed (attached or not), as a key. */
  proposed: string | null;
  confidence: number | null;
  reasoning: string;
  /** Review items an agent settled right after triage (the learning replay). */
  decisions: number;
}

export interface MessageRunOptions {
  /** A person who settles each review item with the label right after triage (the learning replay). */
  decidedBy?: Actor;
  /** Called after each message is triaged (the model-share run counts requests here). */
  afterEach?: (item: LabeledMessage) => void;
  beforeEach?: (item: LabeledMessage) => void;
}

export async function runMessages(
  product: Product,
  agency: SeededAgency,
  items: LabeledMessage[],
  options: MessageRunOptions = {},
): Promise<MessageOutcome[]> {
  const { services } = product;
  const outcomes: MessageOutcome[] = [];
  for (const item of items) {
    options.beforeEach?.(item);
    const input = createMessageInput.parse({
      channel: item.channel,
      ...(item.from.name ? { fromName: item.from.name } : {}),
      fromAddress: item.from.email ?? item.from.phone,
      ...(item.subject ? { subject: item.subject } : {}),
      body: item.text,
      receivedAt: item.receivedAt,
      externalId: item.id,
    });
    const created = await services.messages.create(agency.admin, input);
    await product.settle();
    options.afterEach?.(item);
    const message = await services.messages.get(agency.admin, created.id);
    const decision = message.aiDecision;
    const keyOf = (id: string | null | undefined) => (id ? (agency.keyById.get(id) ?? `?${id}`) : null);
    const review = message.aiStatus === 'REVIEW_REQUIRED';
    outcomes.push({
      item,
      attached: message.aiStatus === 'PROCESSED' && message.propertySetBy === 'AI' ? keyOf(message.propertyId) : null,
      review,
      reason: decision?.reason ?? message.triage?.reason ?? null,
      proposed: keyOf(decision?.propertyId),
      confidence: decision?.confidence ?? null,
      reasoning: decision?.reasoning ?? message.triage?.reasoning ?? '',
      decisions: review && options.decidedBy ? await decide(product, options.decidedBy, agency, created.id, item.expected) : 0,
    });
  }
  return outcomes;
}

/** What the agent does with the message's open review item: file it under the labeled property, or dismiss it. */
async function decide(product: Product, agent: Actor, agency: SeededAgency, messageId: string, expected: string): Promise<number> {
  const { services } = product;
  const open = await services.reviewQueue.list(agent, { status: 'OPEN', itemType: 'MESSAGE', limit: 100 });
  const items = open.items.filter((i) => i.itemId === messageId);
  for (const reviewItem of items) {
    const propertyId = agency.idByKey.get(expected);
    await services.reviewQueue.resolve(
      agent,
      resolveReviewItemInput.parse(
        propertyId ? { id: reviewItem.id, decision: 'ATTACH_PROPERTY', propertyId } : { id: reviewItem.id, decision: 'DISMISS' },
      ),
    );
  }
  await product.settle();
  return items.length;
}
