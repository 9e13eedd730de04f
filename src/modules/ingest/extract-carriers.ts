/**
 * Carriers: the outlet an aside or a setting names as having carried the
 * words ("speaking to AFP", "in an interview with Reuters", "wrote in The
 * Times that", "a query from AP"). Pure.
 */
import { outletName } from './extract-names.js';
import { npAfter } from './extract-phrases.js';
import { type Token } from './nlp.js';

const CARRIER_TRIGGERS = new Set(['speaking', 'talking', 'told', 'telling', 'tells', 'interview', 'interviewed', 'carried', 'quoted', 'published', 'broadcast', 'aired', 'according', 'cited', 'reported', 'appearing', 'received', 'issued', 'released', 'contacted', 'reached', 'polled', 'surveyed']);
const LENIENT_TRIGGERS = new Set(['carried', 'quoted', 'published', 'broadcast', 'aired', 'cited', 'reported', 'received', 'released', 'interviewed', 'contacted', 'reached', 'polled', 'surveyed']);

/** "wrote in The Times that", "said in response to a query from AP that": an outlet after a preposition of the setting. */
export function outletAfterPreposition(tokens: Token[], from: number, to: number, outlets: readonly string[]): string | null {
  for (let i = from; i < to; i++) {
    if (!['in', 'to', 'from', 'with', 'on'].includes(tokens[i]!.lower)) continue;
    const np = npAfter(tokens, i + 1, to);
    const name = np ? outletName(tokens.slice(np[0], np[1]), false, outlets) : null;
    if (name) return name;
  }
  return null;
}

/** An outlet named in asides: "speaking to AFP news agency", "in an interview with Reuters". */
export function carrierFromModifiers(tokens: Token[], ranges: [number, number][], outlets: readonly string[]): string | null {
  for (const [a, z] of ranges) {
    for (let i = a; i < z; i++) {
      const t = tokens[i]!;
      if (!CARRIER_TRIGGERS.has(t.lower) && t.lower !== 'with') continue;
      let k = i + 1;
      while (k < z && ['to', 'with', 'by', 'on', 'an', 'a'].includes(tokens[k]!.lower)) k++;
      if (t.lower === 'interview' || t.lower === 'with') {
        if (t.lower === 'interview' && tokens[k - 1]?.lower !== 'with') continue;
      }
      const np = npAfter(tokens, k, z);
      if (!np) continue;
      // Whoever "carried", "received" or "quoted" a statement is an outlet; whoever was told it may not be.
      const lenient = LENIENT_TRIGGERS.has(t.lower) && tokens[i + 1]?.lower === 'by';
      const name = outletName(tokens.slice(np[0], np[1]), lenient, outlets);
      if (name) return name;
    }
  }
  return null;
}
