import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { NotRegisteredError } from '../errors.js';

/**
 * Trusted documents (persisted operations): the operations an app was built
 * with, registered ahead of time by id. Clients send the id instead of the
 * text, as Apollo Client's persisted-queries link
 * (`extensions.persistedQuery.sha256Hash`) and Relay (`doc_id`, or
 * `documentId`) do. With TRUSTED_DOCUMENTS_ONLY an anonymous request runs
 * nothing else, so a public mobile back end answers only its own app's
 * queries; requests with a valid API key (newsroom tools, the command line,
 * the playground with a key) still run any operation, under the same limits.
 */
export interface TrustedDocumentSettings {
  /** Manifests read at start-up. */
  readonly files: readonly string[];
  /** Anonymous requests run registered operations only. */
  readonly only: boolean;
}

export class ManifestError extends Error {}

/**
 * The operations of a manifest: Apollo's persisted query manifest
 * (`{"format": "apollo-persisted-query-manifest", "version": 1, "operations":
 * [{"id", "body", "name", "type"}]}`, from generate-persisted-query-manifest)
 * or Relay's (`{"<id>": "<document>"}`, from relay-compiler's persistConfig).
 */
export function parseManifest(json: unknown): { id: string; body: string }[] {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new ManifestError('a manifest is a JSON object');
  const record = json as Record<string, unknown>;
  let entries: [unknown, unknown][];
  if ('format' in record || 'operations' in record) {
    if (record.format !== 'apollo-persisted-query-manifest' || record.version !== 1 || !Array.isArray(record.operations)) {
      throw new ManifestError('an Apollo manifest has "format": "apollo-persisted-query-manifest", "version": 1 and an "operations" array');
    }
    entries = record.operations.map((op: unknown) => [(op as { id?: unknown })?.id, (op as { body?: unknown })?.body]);
  } else {
    entries = Object.entries(record);
  }
  return entries.map(([id, body], n) => {
    if (typeof id !== 'string' || id.length === 0 || id.length > 200 || typeof body !== 'string' || body.trim() === '') {
      throw new ManifestError(`operation ${n + 1} needs a non-empty string id (up to 200 characters) and document`);
    }
    return { id, body };
  });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class TrustedDocuments {
  private readonly byId = new Map<string, string>();
  private readonly hashes = new Set<string>();

  constructor(readonly settings: TrustedDocumentSettings) {
    for (const file of settings.files) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new ManifestError(`trusted documents manifest ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      try {
        this.add(parseManifest(json));
      } catch (error) {
        throw new ManifestError(`trusted documents manifest ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Registers documents, under their SHA-256 and under the manifest's own id when it has one. */
  add(operations: { id?: string; body: string }[]): void {
    for (const { id, body } of operations) {
      if (id !== undefined) this.byId.set(id, body);
      // Apollo's ids are the document's SHA-256 already; Relay's are its own.
      this.byId.set(sha256(body), body);
      this.hashes.add(sha256(body));
    }
  }

  get size(): number {
    return this.hashes.size;
  }

  document(id: string): string | undefined {
    return this.byId.get(id);
  }

  /** Whether this document text was registered. */
  registeredText(text: string): boolean {
    return this.hashes.has(sha256(text));
  }

  /** Whether the document whose SHA-256 this is was registered. */
  registered(hash: string): boolean {
    return this.hashes.has(hash);
  }

  /**
   * Apollo's persisted query store: registered documents first; documents
   * clients register themselves (automatic persisted queries) only when
   * anything may run.
   */
  store(): { get(key: string): Promise<string | undefined>; set(key: string, value: string): Promise<void>; delete(key: string): Promise<boolean> } {
    const learned = new Map<string, string>();
    // As Apollo's own store: bounded by size, the oldest out first.
    const MAX_LEARNED_CHARS = 32 * 1_048_576;
    let learnedChars = 0;
    // Apollo prefixes its keys.
    const hashOf = (key: string) => key.replace(/^apq:/, '');
    return {
      get: async (key) => this.byId.get(hashOf(key)) ?? (this.settings.only ? undefined : learned.get(hashOf(key))),
      set: async (key, value) => {
        if (this.settings.only || value.length > MAX_LEARNED_CHARS / 8 || learned.has(hashOf(key))) return;
        while (learnedChars + value.length > MAX_LEARNED_CHARS && learned.size > 0) {
          const [oldest, text] = learned.entries().next().value!;
          learned.delete(oldest);
          learnedChars -= text.length;
        }
        learned.set(hashOf(key), value);
        learnedChars += value.length;
      },
      delete: async (key) => {
        const text = learned.get(hashOf(key));
        if (text !== undefined) learnedChars -= text.length;
        return learned.delete(hashOf(key));
      },
    };
  }

  /**
   * Relay's `doc_id` and the GraphQL over HTTP draft's `documentId`, in a
   * POST body or a GET's query string, become the registered document's
   * text before Apollo reads the request.
   */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const refuse = (id: string) =>
        res.status(400).json({ errors: [{ message: `No registered operation has the id ${JSON.stringify(id.slice(0, 200))}`, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
      if (req.method === 'POST' && req.body && typeof req.body === 'object' && !Array.isArray(req.body)) {
        const body = req.body as Record<string, unknown>;
        const id = body.documentId ?? body.doc_id;
        if (typeof id === 'string' && body.query === undefined) {
          const document = this.document(id);
          if (document === undefined) return void refuse(id);
          body.query = document;
          delete body.documentId;
          delete body.doc_id;
        }
      } else if (req.method === 'GET') {
        const at = req.url.indexOf('?');
        const params = new URLSearchParams(at < 0 ? '' : req.url.slice(at + 1));
        const id = params.get('documentId') ?? params.get('doc_id');
        if (id !== null && !params.has('query')) {
          const document = this.document(id);
          if (document === undefined) return void refuse(id);
          params.delete('documentId');
          params.delete('doc_id');
          params.set('query', document);
          req.url = `${at < 0 ? req.url : req.url.slice(0, at)}?${params}`;
        }
      }
      next();
    };
  }
}

/** Refuses anonymous operations that are not registered, once the document is known and before anything runs. */
export function trustedDocumentsPlugin<TContext extends { actor: unknown }>(trusted: TrustedDocuments): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, queryHash }) {
          if (!trusted.settings.only || contextValue.actor !== null || trusted.registered(queryHash)) return;
          const error = new NotRegisteredError();
          throw new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status: 400 } } });
        },
      };
    },
  };
}
