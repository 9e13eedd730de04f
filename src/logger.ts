import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { pino, stdSerializers, type Logger } from 'pino';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Credentials inside URLs ("postgres://user:password@host") never reach a log line. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(:[^\s/@]*)?@/gi, '$1***@')
    .replace(/\bfck_[A-Za-z0-9_-]{8,}/g, 'fck_***')
    .replace(/\b(Bearer)\s+\S+/gi, '$1 ***');
}

/**
 * Structured JSON logs, one object a line, for whatever collects stdout.
 * Request headers are never logged whole (they carry API keys), and error
 * messages and stacks pass through `redactSecrets`.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'factcheck' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['*.authorization', '*.headers.authorization', '*.headers.cookie', 'key', '*.key'], censor: '***' },
      serializers: {
        err: (error: Error) => {
          const serialized = stdSerializers.err(error);
          return {
            ...serialized,
            message: redactSecrets(serialized.message ?? ''),
            stack: redactSecrets(serialized.stack ?? ''),
          };
        },
      },
    },
    destination,
  );
}

/** Accepts a caller's request id when it is a plain token, so ids follow a request across services. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Gives every request an id, echoed in the X-Request-Id response header and in its log line. */
export function requestIds(): RequestHandler {
  return (req, res, next) => {
    const given = req.header('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    next();
  };
}

/**
 * One log line per GraphQL request: its id, operation, duration and the
 * codes of any errors. Never the variables or the response: they may hold
 * a freshly created API key or text a newsroom has not published yet.
 */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<{ requestId: string }> {
  return {
    async requestDidStart({ contextValue, request }) {
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, operation }) {
          // The errors as clients see them, after formatError has given each its code.
          const sent = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          // Below info, only failures are written: a request that went well costs no line.
          if (sent.length === 0 && (response.http.status ?? 200) < 500 && !logger.isLevelEnabled('info')) return;
          const codes = sent.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          const status = response.http.status ?? 200;
          const line = {
            requestId: contextValue.requestId,
            operation: operationName ?? request.operationName ?? null,
            type: operation?.operation ?? null,
            status,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
            ...(codes.length ? { errorCodes: [...new Set(codes)] } : {}),
          };
          if (codes.includes('INTERNAL_SERVER_ERROR') || status >= 500) logger.error(line, 'graphql request failed');
          else logger.info(line, 'graphql request');
        },
      };
    },
  };
}
