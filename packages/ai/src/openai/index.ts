import OpenAI from 'openai';
import type { z } from 'zod';
import { extractText } from '../extract-text.ts';
import type { AIProvider, ClassifyDocumentInput, DocumentClassification, MatchPropertyInput, PropertyMatch } from '../types.ts';
import { CLASSIFY_SYSTEM_PROMPT, classifyUserPrompt, MATCH_SYSTEM_PROMPT, matchUserPrompt } from './prompts.ts';
import { documentClassificationAnswerSchema, propertyMatchAnswerSchema, responseFormat } from './schemas.ts';

export interface OpenAIProviderOptions {
  apiKey: string;
  /** Any OpenAI-compatible endpoint, e.g. "https://api.openai.com/v1". */
  baseURL: string;
  /** Chat model able to follow a JSON schema (structured output). */
  chatModel: string;
  /** Per request attempt. */
  timeoutMs: number;
  /** Retries on connection errors, timeouts, 408, 409, 429 and 5xx, with the SDK's exponential backoff (honouring Retry-After). */
  maxRetries: number;
}

type Answer<T> = { ok: true; value: T } | { ok: false; problem: string };

const MAX_CANDIDATES = 5;

/** A JSON-shaped error or an empty choice list is the server's answer, not a transport failure. */
const unusable = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

/**
 * The chat model of any OpenAI-compatible server, answering in JSON that follows a schema. An
 * answer that cannot be used (not JSON, off-schema, naming an unknown property) becomes a result
 * with confidence 0 and a reasoning that says why, so the item goes to review; a transport
 * failure that outlives the retries throws, so the job is retried.
 */
export class OpenAIProvider implements AIProvider {
  readonly name = 'openai';
  private readonly client: OpenAI;
  private readonly matchFormat = responseFormat('rattachement_message_bien', propertyMatchAnswerSchema);
  private readonly classifyFormat = responseFormat('classification_document', documentClassificationAnswerSchema);

  constructor(private readonly options: OpenAIProviderOptions) {
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: options.timeoutMs, maxRetries: options.maxRetries });
  }

  async matchProperty(input: MatchPropertyInput): Promise<PropertyMatch> {
    if (input.candidates.length === 0) {
      return { propertyId: null, confidence: 0, ambiguous: false, candidates: [], reasoning: "L'agence n'a aucun bien auquel rattacher ce message." };
    }
    const refs = input.candidates.map((_c, i) => `B${i + 1}`);
    const idOf = new Map(refs.map((ref, i) => [ref, input.candidates[i]!.id]));
    const answer = await this.ask(this.matchFormat, propertyMatchAnswerSchema, MATCH_SYSTEM_PROMPT, matchUserPrompt(input, refs));
    const refused = (problem: string): PropertyMatch => ({
      propertyId: null,
      confidence: 0,
      ambiguous: false,
      candidates: [],
      reasoning: `Réponse de l'IA inutilisable (${problem}) : rattachement à vérifier par un agent.`,
    });
    if (!answer.ok) return refused(answer.problem);

    const { value } = answer;
    const unknown = [value.propertyRef, ...value.candidates.map((c) => c.propertyRef)].find((ref) => ref !== null && !idOf.has(ref));
    if (unknown !== undefined) return refused(`elle cite un bien inconnu, « ${unknown} »`);
    const candidates = value.candidates
      .map((c) => ({ propertyId: idOf.get(c.propertyRef)!, confidence: c.confidence, evidence: c.evidence }))
      .sort((a, b) => b.confidence - a.confidence)
      .filter((c, i, all) => all.findIndex((d) => d.propertyId === c.propertyId) === i)
      .slice(0, MAX_CANDIDATES);
    return {
      // An answer both ambiguous and naming a property is ambiguous: never a guess.
      propertyId: value.ambiguous || value.propertyRef === null ? null : idOf.get(value.propertyRef)!,
      confidence: value.confidence,
      ambiguous: value.ambiguous,
      candidates,
      reasoning: value.reasoning,
    };
  }

  async classifyDocument(input: ClassifyDocumentInput): Promise<DocumentClassification> {
    const text = input.mimeType.startsWith('image/') || input.mimeType.startsWith('video/') ? null : await extractText(input);
    const answer = await this.ask(this.classifyFormat, documentClassificationAnswerSchema, CLASSIFY_SYSTEM_PROMPT, classifyUserPrompt(input, text));
    if (!answer.ok) {
      return { typeDocument: null, confidence: 0, candidates: [], reasoning: `Réponse de l'IA inutilisable (${answer.problem}) : type de document à vérifier par un agent.` };
    }
    const { value } = answer;
    return {
      typeDocument: value.typeDocument,
      confidence: value.confidence,
      candidates: [...value.candidates].sort((a, b) => b.confidence - a.confidence).slice(0, MAX_CANDIDATES),
      reasoning: value.reasoning,
    };
  }

  private async ask<T>(format: ReturnType<typeof responseFormat>, schema: z.ZodType<T>, system: string, user: string): Promise<Answer<T>> {
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create({
        model: this.options.chatModel,
        temperature: 0,
        response_format: format,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
      });
    } catch (error) {
      // HTTP errors and connection failures (after the SDK's retries) are for the job to retry;
      // a 200 whose body is not JSON is an answer, and a useless one.
      if (error instanceof SyntaxError) return unusable('le serveur a répondu autre chose que du JSON');
      throw error;
    }
    const choice = completion.choices?.[0];
    if (!choice) return unusable('aucune réponse');
    if (choice.message.refusal) return unusable(`le modèle a refusé : ${choice.message.refusal}`);
    if (!choice.message.content) return unusable('réponse vide');
    let json: unknown;
    try {
      json = JSON.parse(choice.message.content);
    } catch {
      return unusable(choice.finish_reason === 'length' ? 'réponse tronquée' : 'JSON invalide');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return unusable(`réponse hors schéma : ${issue.path.join('.') || 'racine'}, ${issue.message}`);
    }
    return { ok: true, value: parsed.data };
  }
}
