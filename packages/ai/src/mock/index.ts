import type { AIProvider, ClassifyDocumentInput, DocumentClassification, MatchPropertyInput, PropertyMatch } from '../types.ts';
import { classifyDocument } from './classify.ts';
import { matchProperty } from './match.ts';

/**
 * Deterministic French heuristics: the default provider, so an agency without an AI key still
 * gets its messages attached and its documents classified. Same input, same output.
 */
export class MockAIProvider implements AIProvider {
  readonly name = 'mock';

  async matchProperty(input: MatchPropertyInput): Promise<PropertyMatch> {
    return matchProperty(input);
  }

  classifyDocument(input: ClassifyDocumentInput): Promise<DocumentClassification> {
    return classifyDocument(input);
  }
}
