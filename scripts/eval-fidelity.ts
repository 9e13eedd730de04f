/**
 * How well wording comparison classifies what outlets carried, on pairs of
 * wordings written by hand to cover each rule (bench/data/fidelity-pairs.jsonl):
 *
 *   npm run eval:fidelity [-- --pairs <file.jsonl>] [--write]
 *
 * Prints precision and recall per kind and, for ALTERED pairs, whether the
 * rules that fired are the ones expected; --write puts the results into
 * bench/FIDELITY.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareWording, type FidelityKind } from '../src/modules/fidelity/fidelity.classify.js';
import { MEANING_CHANGES } from '../src/modules/fidelity/fidelity.rules.js';
import { PROJECT_ROOT } from '../src/paths.js';

interface Pair {
  said: string;
  carried: string;
  kind: FidelityKind;
  changes?: string[];
}

const KINDS: FidelityKind[] = ['VERBATIM', 'TRIMMED', 'PARAPHRASED', 'ALTERED'];

function main(): void {
  const at = process.argv.indexOf('--pairs');
  const file = at > 0 ? process.argv[at + 1]! : path.join(PROJECT_ROOT, 'bench', 'data', 'fidelity-pairs.jsonl');
  const pairs = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Pair);
  const rows: string[] = [];
  const counts = new Map(KINDS.map((k) => [k, { predicted: 0, expected: 0, right: 0 }]));
  let rulesRight = 0;
  let altered = 0;
  for (const pair of pairs) {
    const result = compareWording(pair.said, pair.carried);
    const fired = [...new Set(result.changes.filter((c) => MEANING_CHANGES.includes(c.kind)).map((c) => c.kind))].sort();
    counts.get(result.kind)!.predicted++;
    counts.get(pair.kind)!.expected++;
    if (result.kind === pair.kind) counts.get(pair.kind)!.right++;
    if (pair.kind === 'ALTERED' && result.kind === 'ALTERED') {
      altered++;
      if (fired.join(',') === [...(pair.changes ?? [])].sort().join(',')) rulesRight++;
    }
    if (result.kind !== pair.kind) {
      rows.push(`| ${pair.said} | ${pair.carried} | ${pair.kind} | ${result.kind} ${fired.join(', ')} |`);
    }
  }
  const right = [...counts.values()].reduce((sum, c) => sum + c.right, 0);
  const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);
  const table = [
    '| kind | pairs | predicted | precision | recall |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...KINDS.map((k) => {
      const c = counts.get(k)!;
      return `| ${k} | ${c.expected} | ${c.predicted} | ${pct(c.right, c.predicted)} | ${pct(c.right, c.expected)} |`;
    }),
    `| all | ${pairs.length} | ${pairs.length} | ${pct(right, pairs.length)} (accuracy) | |`,
  ].join('\n');
  const rules = `Of the ${altered} pairs found ALTERED that are, ${rulesRight} (${pct(rulesRight, altered)}) name exactly the rules expected.`;
  console.log(table);
  console.log(rules);
  if (rows.length > 0) console.log(`\nMisclassified:\n${rows.join('\n')}`);
  if (!process.argv.includes('--write')) return;
  const doc = [
    '# Wording fidelity',
    '',
    'How faithfully an outlet carried what was said (`compareWording`, src/modules/fidelity/), measured on',
    `${pairs.length} pairs of wordings written by hand to cover each rule and each way of carrying words faithfully`,
    '(bench/data/fidelity-pairs.jsonl): negations added and dropped, numbers, dates and names changed, hedges',
    'removed and added, intensifiers added; trims, paraphrases and same words in other typography.',
    'They were written before the rules were run on them; nothing here is outside data, so these numbers say the',
    'rules do what they claim, not how often real outlets alter quotes.',
    '',
    '```sh',
    'npm run eval:fidelity -- --write',
    '```',
    '',
    table,
    '',
    rules,
    '',
    ...(rows.length > 0
      ? ['Misclassified pairs:', '', '| said | carried | expected | found |', '| --- | --- | --- | --- |', ...rows]
      : ['Every pair is classified as expected.']),
    '',
  ].join('\n');
  writeFileSync(path.join(PROJECT_ROOT, 'bench', 'FIDELITY.md'), doc);
  console.log('Wrote bench/FIDELITY.md');
}

main();
