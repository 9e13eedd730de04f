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

describe('Node.js version', () => {
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } }> };
  const wanted = JSON.parse(read('package.json')).engines.node as string;

  it('is at least what every installed dependency asks for', () => {
    const floor = (range: string) => /^>=\s*(\d+)(?:\.(\d+))?/.exec(range);
    const ours = floor(wanted);
    expect(ours, wanted).not.toBeNull();
    const ourVersion = [Number(ours![1]), Number(ours![2] ?? 0)];
    for (const [name, entry] of Object.entries(lock.packages)) {
      const theirs = entry.engines?.node ? floor(entry.engines.node) : null;
      if (!theirs) continue;
      const version = [Number(theirs[1]), Number(theirs[2] ?? 0)];
      const below = ourVersion[0]! < version[0]! || (ourVersion[0] === version[0] && ourVersion[1]! < version[1]!);
      expect(below, `${name} wants node ${entry.engines!.node}, engines says ${wanted}`).toBe(false);
    }
  });

  it('is the one the README and the Docker image name', () => {
    const major = /^>=\s*(\d+)/.exec(wanted)![1]!;
    expect(read('README.md')).toMatch(new RegExp(`Node\\.js ${wanted.replace(/^>=\s*/, '').replace('.', '\\.')} or later`));
    for (const [, image] of read('Dockerfile').matchAll(/^FROM node:(\d+)/gm)) expect(image).toBe(major);
  });
});
