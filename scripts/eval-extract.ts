/**
 * Scores the statement extractor against labelled articles.
 *
 *   npm run eval:extract
 *   npm run eval:extract -- --article <article.txt> --labels <article.labels.json>
 *   npm run eval:extract -- --min 0.85
 *
 * Every test/fixtures/articles/<name>.txt with a <name>.labels.json beside it
 * is scored; --article/--labels adds one article kept elsewhere (a labels
 * file in the fixtures folder without its text is skipped unless named
 * there). --min makes the command fail when any article's statement
 * precision or recall, or its rebuttal recall, is below the bar.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractStatements, type ExtractedCandidate } from '../src/modules/ingest/extract.js';
import { articleAcronyms, evaluate, parseLabels, type ArticleLabels, type Evaluation } from '../src/modules/ingest/evaluate.js';

interface Options {
  article: string | null;
  labels: string | null;
  min: number | null;
  dir: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function usage(message: string): never {
  console.error(message);
  console.error('usage: eval-extract [--article <path.txt> --labels <path.labels.json>] [--min 0.85] [--dir <fixtures folder>]');
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const options: Options = { article: null, labels: null, min: null, dir: path.join(ROOT, 'test', 'fixtures', 'articles') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    const need = (): string => {
      if (value === undefined || value.startsWith('--')) usage(`${flag} needs a value`);
      i++;
      return value;
    };
    switch (flag) {
      case '--article':
        options.article = path.resolve(need());
        break;
      case '--labels':
        options.labels = path.resolve(need());
        break;
      case '--dir':
        options.dir = path.resolve(need());
        break;
      case '--min': {
        const n = Number(need());
        if (!Number.isFinite(n) || n < 0 || n > 1) usage('--min takes a number between 0 and 1');
        options.min = n;
        break;
      }
      default:
        usage(`unknown argument: ${flag}`);
    }
  }
  if ((options.article === null) !== (options.labels === null)) usage('--article and --labels go together');
  return options;
}

interface Job {
  name: string;
  articlePath: string;
  labelsPath: string;
}

function jobs(options: Options): { run: Job[]; skipped: string[] } {
  const run: Job[] = [];
  const skipped: string[] = [];
  const files = existsSync(options.dir) ? readdirSync(options.dir).sort() : [];
  for (const file of files) {
    if (!file.endsWith('.labels.json')) continue;
    const labelsPath = path.join(options.dir, file);
    if (options.labels && path.resolve(labelsPath) === options.labels) continue;
    const name = file.slice(0, -'.labels.json'.length);
    const articlePath = path.join(options.dir, `${name}.txt`);
    if (existsSync(articlePath)) run.push({ name, articlePath, labelsPath });
    else skipped.push(`${file} (its article is not in the repository: pass --article and --labels)`);
  }
  if (options.article && options.labels) {
    run.push({ name: path.basename(options.article).replace(/\.txt$/, ''), articlePath: options.article, labelsPath: options.labels });
  }
  return { run, skipped };
}

const pct = (n: number): string => `${(n * 100).toFixed(1)}%`.padStart(7);

function describe(c: ExtractedCandidate | undefined, index: number): string {
  if (!c) return `#${index} (none)`;
  const text = c.text.length > 90 ? `${c.text.slice(0, 87)}...` : c.text;
  return `#${index} ${c.speakerName} (${c.verb}): "${text}"`;
}

function report(name: string, result: Evaluation, candidates: ExtractedCandidate[]): void {
  const lines: string[] = [];
  for (const miss of result.misses) lines.push(`  miss            ${miss.id}: ${miss.speaker}: "${miss.text}"`);
  for (const i of result.falsePositives) lines.push(`  false positive  ${describe(candidates[i], i)}`);
  for (const [from, to] of result.rebutMisses) lines.push(`  rebut miss      ${from} -> ${to}`);
  for (const [from, to] of result.rebutFalsePositives) {
    lines.push(`  rebut false +   ${describe(candidates[from], from)}\n                  -> ${describe(candidates[to], to)}`);
  }
  for (const m of result.speakerMisses) lines.push(`  wrong speaker   ${m.labelId}: expected ${m.expected}, got ${m.actual}`);
  for (const m of result.fieldMismatches) lines.push(`  field           ${m.labelId}.${m.field}: expected ${m.expected}, got ${m.actual}`);
  if (lines.length > 0) {
    console.log(`\n${name}`);
    console.log(lines.join('\n'));
  }
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const { run, skipped } = jobs(options);
  if (run.length === 0) usage(`no labelled articles found in ${options.dir}`);

  const rows: { name: string; result: Evaluation; candidates: ExtractedCandidate[] }[] = [];
  for (const job of run) {
    let labels: ArticleLabels;
    let body: string;
    try {
      body = readFileSync(job.articlePath, 'utf8');
      labels = parseLabels(JSON.parse(readFileSync(job.labelsPath, 'utf8')), job.labelsPath);
    } catch (err) {
      console.error(`${job.name}: ${(err as Error).message}`);
      process.exit(2);
    }
    const candidates = extractStatements({
      body,
      publishedAt: labels.publishedAt ? new Date(labels.publishedAt) : null,
      language: labels.language ?? 'en',
      ...(labels.publisher ? { publisher: { name: labels.publisher } } : {}),
    });
    rows.push({ name: job.name, result: evaluate(candidates, labels, articleAcronyms(body)), candidates });
  }

  const width = Math.max(7, ...rows.map((r) => r.name.length));
  const header = `${'article'.padEnd(width)}  stmts P   stmts R   matched   rebuts P  rebuts R  rebuts     speaker`;
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const { name, result } of rows) {
    const s = result.statements;
    const r = result.rebuts;
    console.log(
      `${name.padEnd(width)}  ${pct(s.precision)}   ${pct(s.recall)}   ${`${s.matched}/${s.labels} (${s.candidates})`.padEnd(9)} ${pct(r.precision)}   ${pct(r.recall)}  ${`${r.found}/${r.labelled} (${r.predicted})`.padEnd(9)} ${pct(result.speakers.accuracy)} ${result.speakers.correct}/${result.speakers.found}`,
    );
  }
  // Micro-averages: every statement and pair counts once, whatever its article.
  const sum = (f: (e: Evaluation) => number): number => rows.reduce((n, r) => n + f(r.result), 0);
  const matched = sum((e) => e.statements.matched);
  const cands = sum((e) => e.statements.candidates);
  const labelled = sum((e) => e.statements.labels);
  const pairsFound = sum((e) => e.rebuts.found);
  const pairs = sum((e) => e.rebuts.labelled);
  const predicted = sum((e) => e.rebuts.predicted);
  const correct = sum((e) => e.rebuts.correct);
  const spFound = sum((e) => e.speakers.found);
  const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
  console.log('-'.repeat(header.length));
  console.log(
    `${'micro-average'.padEnd(width)}  ${pct(ratio(matched, cands))}   ${pct(ratio(matched, labelled))}   ${`${matched}/${labelled} (${cands})`.padEnd(9)} ${pct(ratio(correct, predicted))}   ${pct(ratio(pairsFound, pairs))}  ${`${pairsFound}/${pairs} (${predicted})`.padEnd(9)} ${pct(ratio(matched, spFound))} ${matched}/${spFound}`,
  );
  console.log('speaker: labels matched / labels whose words some candidate has');
  console.log('matched: labels found / labels (candidates); rebuts: labelled pairs found / labelled (predicted)');
  for (const s of skipped) console.log(`skipped: ${s}`);
  for (const { name, result, candidates } of rows) report(name, result, candidates);

  if (options.min !== null) {
    const min = options.min;
    const failing = rows.filter(({ result }) => result.statements.precision < min || result.statements.recall < min || result.rebuts.recall < min);
    if (failing.length > 0) {
      console.error(`\nbelow ${min}: ${failing.map((f) => f.name).join(', ')}`);
      process.exit(1);
    }
    console.log(`\nall ${rows.length} articles at or above ${min}`);
  }
}

main();
