import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, appendFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './support/service.js';

/**
 * `npm start`, `npm run apikey` and `npm run ingest` build first. A build
 * with nothing changed must not compile again: it leaves every output as it
 * was (measured by what it writes, not by how long it takes).
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'factcheck-build-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

for (const entry of ['package.json', 'tsconfig.json', 'prisma.config.ts', 'src', 'scripts', 'prisma']) {
  cpSync(path.join(PROJECT_ROOT, entry), path.join(work, entry), { recursive: true });
}
symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(work, 'node_modules'));

function build(): void {
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: work, encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
}

function outputs(): Map<string, number> {
  const found = new Map<string, number>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.set(path.relative(work, full), statSync(full).mtimeMs);
    }
  };
  walk(path.join(work, 'dist'));
  return found;
}

describe('npm run build', { timeout: 900_000 }, () => {
  it('compiles once: a second build with nothing changed writes nothing, a change rebuilds what it touches', () => {
    build();
    const first = outputs();
    expect(first.has('dist/src/main.js')).toBe(true);

    build();
    expect(outputs()).toEqual(first);

    // A type check in between (as developers run it) does not fool the next build.
    appendFileSync(path.join(work, 'src/paths.ts'), '\nexport const BUILD_PROBE = 1;\n');
    const check = spawnSync('npx', ['tsc', '-p', '.', '--noEmit'], { cwd: work, encoding: 'utf8', timeout: 600_000 });
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
    build();
    expect(readFileSync(path.join(work, 'dist/src/paths.js'), 'utf8')).toContain('BUILD_PROBE');
  });
});
