import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';

const read = (file: string) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

describe('deployment files', () => {
  it('keep the benchmark installation out of the Docker build context', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    expect(ignored).toContain('bench/.postgraphile/');
  });

  it('state one cost for --liftoff-only in the compose file and the README', () => {
    const cost = /about (\d+)% less throughput/;
    const compose = cost.exec(read('docker-compose.yml').replace(/\n\s*#\s*/g, ' '));
    const readme = cost.exec(read('README.md').replace(/\n/g, ' '));
    expect(compose?.[1]).toBeDefined();
    expect(compose?.[1]).toBe(readme?.[1]);
    expect(read('docker-compose.yml')).not.toMatch(/same\s+(#\s*)?throughput/);
  });
});
