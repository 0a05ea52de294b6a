// Learning from decisions, measured: every message of both halves in date order (a sender's
// chain often starts in the other half), once with the review queue left alone and once with an
// agent settling each item as soon as it appears, with the label, as the agency would.
import { seedAgency } from './agency.ts';
import type { Agency, LabeledMessage } from './data.ts';
import { messageWrong } from './measures.ts';
import { runMessages } from './messages.ts';
import { startProduct } from './product.ts';

/** The agent who settles the review queue in the replay (the agency's first agent, « Claire »). */
export const DECIDING_AGENT = 'Claire';

/** What a learned sender reads like in the reasoning (« … même expéditeur que le message du 3 déc. … »). */
const LEARNED = /même expéditeur que le message/i;

/**
 * The ids of the messages that reached review, that the AI attached wrongly, that the agent
 * settled, and that the AI attached on a learned sender (a person's decision or its own sure one).
 */
export async function replayReviews(
  agency: Agency,
  items: LabeledMessage[],
  withDecisions: boolean,
): Promise<{ reviewed: Set<string>; wrong: Set<string>; decided: Set<string>; learned: Set<string> }> {
  const product = await startProduct();
  try {
    const seeded = await seedAgency(product.services, agency, agency.properties);
    const agent = seeded.agents.get(DECIDING_AGENT);
    if (!agent) throw new Error(`no agent named ${DECIDING_AGENT} in the agency`);
    const outcomes = await runMessages(product, seeded, items, withDecisions ? { decidedBy: agent } : {});
    return {
      reviewed: new Set(outcomes.filter((o) => o.review).map((o) => o.item.id)),
      wrong: new Set(outcomes.filter(messageWrong).map((o) => o.item.id)),
      decided: new Set(outcomes.filter((o) => o.decisions > 0).map((o) => o.item.id)),
      learned: new Set(outcomes.filter((o) => o.attached && LEARNED.test(o.reasoning)).map((o) => o.item.id)),
    };
  } finally {
    await product.close();
  }
}
