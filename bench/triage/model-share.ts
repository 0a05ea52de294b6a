// How many messages reach the model: the messages triaged again with AI_PROVIDER=openai against
// the project's fake OpenAI server (real HTTP on 127.0.0.1), counting those that caused a chat
// request. The fake answers every request with an unsure answer: only the share is measured here.
import { completion, startFakeOpenAI } from '../../packages/ai/test/fake-openai.ts';
import { seedAgency } from './agency.ts';
import type { Agency, LabeledMessage } from './data.ts';
import { runMessages } from './messages.ts';
import { startProduct } from './product.ts';

const UNSURE = {
  propertyRef: null,
  confidence: 0.2,
  ambiguous: false,
  candidates: [],
  reasoning: 'Réponse du serveur de test : rien ne permet de trancher, à vérifier par un agent.',
};

/** The ids of the messages that caused at least one chat request. */
export async function messagesReachingModel(agency: Agency, items: LabeledMessage[]): Promise<Set<string>> {
  const fake = await startFakeOpenAI();
  const product = await startProduct({
    AI_PROVIDER: 'openai',
    OPENAI_API_KEY: 'eval-triage',
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_MAX_RETRIES: '0',
  });
  const reached = new Set<string>();
  try {
    const seeded = await seedAgency(product.services, agency, agency.properties);
    await runMessages(product, seeded, items, {
      beforeEach: () => {
        fake.reset();
        // More answers than a triage asks for: whatever is left over is dropped before the next message.
        fake.reply(...Array.from({ length: 4 }, () => completion(UNSURE)));
      },
      afterEach: (item) => {
        if (fake.requests.some((r) => r.url.endsWith('/chat/completions'))) reached.add(item.id);
      },
    });
  } finally {
    await product.close();
    await fake.close();
  }
  return reached;
}
