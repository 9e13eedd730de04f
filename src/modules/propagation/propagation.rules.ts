import type { Appearance } from '../../generated/prisma/client.js';

/** One appearance in the order a statement spread. */
export interface PropagationStep {
  /** 0 for the first appearance, then 1, 2, … in the order of the spread. */
  position: number;
  appearance: Appearance;
  /** Seconds from the first appearance's publication to this one's; null when either date is unknown. */
  lagSeconds: number | null;
}

/**
 * The order a statement spread in: earliest publication first; appearances
 * published at the same moment (or both undated) in the order they were
 * recorded, and undated ones after every dated one. Ids are uuid v7, so
 * they grow with the recording time and settle what the clock cannot.
 */
export function spreadOrder(a: Appearance, b: Appearance): number {
  const at = a.publishedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const bt = b.publishedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (at !== bt) return at < bt ? -1 : 1;
  const created = a.createdAt.getTime() - b.createdAt.getTime();
  if (created !== 0) return created;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A statement's appearances as a chain: the first, then each later one with its lag from the first. */
export function propagationOf(appearances: readonly Appearance[]): PropagationStep[] {
  const ordered = [...appearances].sort(spreadOrder);
  const origin = ordered[0]?.publishedAt ?? null;
  return ordered.map((appearance, position) => ({
    position,
    appearance,
    lagSeconds: origin && appearance.publishedAt ? Math.round((appearance.publishedAt.getTime() - origin.getTime()) / 1000) : null,
  }));
}
