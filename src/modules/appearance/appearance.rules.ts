import { BadUserInputError } from '../../errors.js';
import { fromGlobalId } from '../../ids.js';
import { httpUrl, optionalText, pastDate } from '../../validation.js';
import type { AppearanceInput } from '../statement/statement.inputs.js';

export const WORDING_MAX = 5000;
export const MAX_APPEARANCES_PER_CALL = 50;

export interface NewAppearance {
  sourceId: string;
  globalSourceId: string;
  url: string;
  publishedAt: Date | null;
  wording: string | null;
  /** The outlet it said it got the statement from. */
  carriedFromId: string | null;
  globalCarriedFromId: string | null;
  /** Where the item sits in the client's input, for error messages. */
  field: string;
}

/** Checks appearances given with a statement: valid values, each URL once. */
export function checkAppearances(inputs: AppearanceInput[], field: string): NewAppearance[] {
  if (inputs.length > MAX_APPEARANCES_PER_CALL) {
    throw new BadUserInputError(`${field} takes at most ${MAX_APPEARANCES_PER_CALL} items`, field);
  }
  const seen = new Set<string>();
  return inputs.map((input, index) => {
    const at = `${field}[${index}]`;
    const appearance = checkAppearance(input, at);
    if (seen.has(appearance.url)) {
      throw new BadUserInputError(`${at}.url ${appearance.url} is listed twice for one statement`, `${at}.url`);
    }
    seen.add(appearance.url);
    return appearance;
  });
}

export function checkAppearance(input: AppearanceInput, field: string): NewAppearance {
  const sourceId = fromGlobalId('Source', input.sourceId, `${field}.sourceId`);
  const carriedFromId = input.carriedFromId == null ? null : fromGlobalId('Source', input.carriedFromId, `${field}.carriedFromId`);
  // An outlet citing itself says nothing about where the words came from.
  if (carriedFromId === sourceId) {
    throw new BadUserInputError(`${field}.carriedFromId names the outlet itself: give the source it got the statement from`, `${field}.carriedFromId`);
  }
  return {
    sourceId,
    globalSourceId: input.sourceId,
    url: httpUrl(`${field}.url`, input.url),
    publishedAt: pastDate(`${field}.publishedAt`, input.publishedAt) ?? null,
    wording: optionalText(`${field}.wording`, input.wording, WORDING_MAX) ?? null,
    carriedFromId,
    globalCarriedFromId: input.carriedFromId ?? null,
    field: `${field}.sourceId`,
  };
}
