#!/usr/bin/env node
// Fails when any file of the repository repeats a run of consecutive words
// from a reference text (default: 12 words). The service's demo data is
// written about the same news story; this keeps it paraphrased rather than
// copied, so the repository can carry its own licence.
//
// usage: node scripts/check-article-overlap.mjs <reference.txt> [--words N]
//
// Words are compared lowercased, with punctuation removed and whitespace
// ignored, so re-wrapping or re-quoting a copied sentence still matches.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const wordsAt = args.indexOf('--words');
const RUN = wordsAt >= 0 ? Number(args.splice(wordsAt, 2)[1]) : 12;
const referencePath = args[0];
if (!referencePath || !Number.isInteger(RUN) || RUN < 2) {
  console.error('usage: node scripts/check-article-overlap.mjs <reference.txt> [--words N]');
  process.exit(2);
}

// Lock files and installed or built trees are never written by hand, and
// are large enough to make the scan slow for nothing.
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.data', 'test-results']);
const SKIP_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb']);
const BINARY_EXT = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.webp', '.ico', '.pdf', '.zip', '.gz', '.tgz', '.br',
  '.wasm', '.woff', '.woff2', '.ttf', '.otf', '.eot', '.mp3', '.mp4', '.sqlite', '.db',
]);

// Apostrophes are dropped inside a word ("don't" -> "dont") so straight and
// curly quotes compare equal; every other non-letter, non-digit separates.
const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;

function words(text) {
  const out = [];
  let line = 1;
  let scanned = 0;
  const norm = text.normalize('NFKC');
  for (const m of norm.matchAll(WORD)) {
    for (let i = scanned; i < m.index; i++) if (norm.charCodeAt(i) === 10) line++;
    scanned = m.index;
    out.push({ word: m[0].toLowerCase().replace(/['\u2019]/g, ''), line });
  }
  return out;
}

function runs(list) {
  const keys = [];
  for (let i = 0; i + RUN <= list.length; i++) {
    keys.push(list.slice(i, i + RUN).map((w) => w.word).join(' '));
  }
  return keys;
}

function isSkipped(file) {
  const parts = file.split(/[\\/]/);
  if (parts.some((p) => SKIP_DIRS.has(p))) return true;
  const base = parts[parts.length - 1];
  return SKIP_FILES.has(base) || base.endsWith('.lock') || BINARY_EXT.has(path.extname(base).toLowerCase());
}

function listFiles() {
  try {
    // Untracked files that are not ignored are included too, so the check
    // also catches text that is about to be committed.
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return [...new Set(out.split('\0').filter(Boolean))];
  } catch {
    // Not a git checkout (e.g. an exported tarball): walk the tree instead.
    const found = [];
    const walk = (dir) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const rel = dir === '.' ? entry.name : path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name)) walk(rel);
        } else if (entry.isFile()) {
          found.push(rel);
        }
      }
    };
    walk('.');
    return found;
  }
}

const reference = new Set(runs(words(readFileSync(referencePath, 'utf8'))));
if (reference.size === 0) {
  console.error(`${referencePath} has fewer than ${RUN} words; nothing to compare`);
  process.exit(2);
}

let scanned = 0;
const hits = [];
for (const file of listFiles()) {
  if (isSkipped(file)) continue;
  let buf;
  try {
    if (!statSync(file).isFile()) continue;
    buf = readFileSync(file);
  } catch {
    continue; // deleted from the work tree but still in the index
  }
  if (buf.subarray(0, 8192).includes(0)) continue; // binary
  scanned++;
  const list = words(buf.toString('utf8'));
  const keys = runs(list);
  // Report each copied passage once, not once per overlapping window.
  let lastHit = -RUN;
  for (let i = 0; i < keys.length; i++) {
    if (!reference.has(keys[i])) continue;
    if (i - lastHit >= RUN) hits.push({ file, line: list[i].line, text: keys[i] });
    lastHit = i;
  }
}

if (hits.length) {
  console.error(`${hits.length} passage(s) of ${RUN}+ consecutive words match ${referencePath}:`);
  for (const h of hits.slice(0, 50)) console.error(`  ${h.file}:${h.line}: "${h.text}"`);
  if (hits.length > 50) console.error(`  ... and ${hits.length - 50} more`);
  process.exit(1);
}
console.log(`no run of ${RUN} consecutive words from ${referencePath} in ${scanned} files`);
