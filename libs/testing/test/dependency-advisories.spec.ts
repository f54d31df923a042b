import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Advisory {
  package: string;
  fixed: string;
  ids: string[];
}

const root = join(__dirname, '..', '..', '..');
const table = JSON.parse(readFileSync(join(root, 'security', 'advisories.json'), 'utf8')) as {
  advisories: Advisory[];
};

/** Every installed copy of `name` under node_modules (hoisted and nested), by version. */
function installedCopies(name: string, dir = join(root, 'node_modules'), found: string[] = []): string[] {
  const own = join(dir, name, 'package.json');
  if (existsSync(own)) found.push((JSON.parse(readFileSync(own, 'utf8')) as { version: string }).version);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const packages = entry.name.startsWith('@')
      ? readdirSync(join(dir, entry.name)).map((n) => join(entry.name, n))
      : [entry.name];
    for (const pkg of packages) {
      const nested = join(dir, pkg, 'node_modules');
      if (existsSync(nested)) installedCopies(name, nested, found);
    }
  }
  return found;
}

/** -1, 0 or 1 for dotted numeric versions; a pre-release is below its release. */
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2);
    return { parts: core!.split('.').map(Number), pre: pre !== undefined };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i += 1) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return x.pre === y.pre ? 0 : x.pre ? -1 : 1;
}

/**
 * `npm audit` is not available everywhere (some registries refuse its endpoint), so the advisories
 * that concern our runtime dependencies are kept in security/advisories.json and checked here
 * against what is really installed.
 */
describe('dependency advisories (security/advisories.json)', () => {
  it('compares versions numerically', () => {
    expect(compareVersions('5.11.3', '5.12.2')).toBe(-1);
    expect(compareVersions('5.12.10', '5.12.2')).toBe(1);
    expect(compareVersions('5.12.2', '5.12.2')).toBe(0);
    expect(compareVersions('5.12.2-rc.1', '5.12.2')).toBe(-1);
  });

  it('finds nested copies, not only the hoisted one', () => {
    expect(installedCopies('fast-uri').length).toBeGreaterThan(1);
    expect(installedCopies('fastify').length).toBeGreaterThan(0);
  });

  it.each(table.advisories.map((a) => [`${a.package} >= ${a.fixed} (${a.ids.join(', ')})`, a] as const))(
    'every installed copy: %s',
    (_title, advisory) => {
      const vulnerable = installedCopies(advisory.package).filter(
        (v) => compareVersions(v, advisory.fixed) < 0,
      );
      expect({ package: advisory.package, vulnerable }).toEqual({
        package: advisory.package,
        vulnerable: [],
      });
    },
  );
});
