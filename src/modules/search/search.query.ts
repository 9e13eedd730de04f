/**
 * A query as newsrooms send it (a post with its links, handles, hashtags
 * and signature line), turned into the words worth matching. Each step was
 * kept only where it helped on the train split (bench/MATCHING.md):
 * - links carry no words of the claim: removed, also when glued to the word
 *   before them ("#Minecrafthttps://t.co/…");
 * - hashtags and handles name what a claim is about ("#AustralianFires",
 *   "@IlhanMN"): kept, and their camel-case parts added as words;
 * - the signature ("— Name (@handle) January 6, 2020") names the speaker a
 *   claim is often about: kept (removing it cost 0.04 MAP@5 on train).
 */

const LINK = /(?:https?:\/\/|\bwww\.|pic\.twitter\.com\/)\S+/giu;
const TAG = /[#@]([\p{L}\p{N}_]+)/gu;

/** "AustralianFires" → "Australian Fires", "COVID19Vaccine" → "COVID19 Vaccine", "black_lives" → "black lives". */
export function splitCompound(word: string): string {
  return word
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/_+/g, ' ')
    .trim();
}

/** The text the engine matches for a query: links out, tags and handles kept with their parts, spaces collapsed. */
export function queryText(raw: string): string {
  return raw
    .replace(LINK, ' ')
    .replace(TAG, (tag: string, word: string) => {
      const parts = splitCompound(word);
      return parts === word ? tag : `${tag} ${parts}`;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
