import type { Config } from '@monimmo/config';
import { MockAIProvider } from './mock/index.ts';
import { OpenAIProvider } from './openai/index.ts';
import type { AIProvider } from './types.ts';

export type * from './types.ts';
export {
  CONFIDENCE_FLOORS,
  MESSAGE_PROPERTY_FLOOR,
  CONFIDENT_ATTACHMENT,
  FILE_CLASSIFICATION_FLOOR,
  TRANSCRIPT_FLOOR,
  VOCAL_TYPE_FLOOR,
  INITIAL_VISIT_EXTRACTION_FLOOR,
  INSIGHTS_FLOOR,
} from './types.ts';
export { TYPE_DOCUMENT_LABELS } from './document-labels.ts';
export { VOCAL_TYPE_LABELS } from './vocal-labels.ts';
export { AudioTooLargeError, AudioUnreadableError, MAX_AUDIO_BYTES } from './audio.ts';
export { splitEmail, stripSubjectPrefixes, type EmailParts } from './email.ts';
export { extractText, stopPdfWorker } from './extract-text.ts';
export { ofName } from './text.ts';
export { MockAIProvider, type MockAIProviderOptions } from './mock/index.ts';
export { OpenAIProvider, type OpenAIProviderOptions } from './openai/index.ts';

export type AIConfig = Pick<
  Config,
  | 'AI_PROVIDER'
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL'
  | 'OPENAI_CHAT_MODEL'
  | 'OPENAI_WHISPER_MODEL'
  | 'OPENAI_TIMEOUT_MS'
  | 'OPENAI_MAX_RETRIES'
>;

/** The provider AI_PROVIDER names: the deterministic French mock (the default) or an OpenAI-compatible server. */
export function createAIProvider(config: AIConfig): AIProvider {
  if (config.AI_PROVIDER === 'openai') {
    // loadConfig already refuses openai without a key; this guards hand-built configs.
    if (!config.OPENAI_API_KEY) throw new Error('OPENAI_API_KEY is required when AI_PROVIDER=openai');
    return new OpenAIProvider({
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.OPENAI_BASE_URL,
      chatModel: config.OPENAI_CHAT_MODEL,
      whisperModel: config.OPENAI_WHISPER_MODEL,
      timeoutMs: config.OPENAI_TIMEOUT_MS,
      maxRetries: config.OPENAI_MAX_RETRIES,
    });
  }
  return new MockAIProvider();
}
