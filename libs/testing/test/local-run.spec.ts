import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const appsModule = join(__dirname, '..', '..', '..', 'scripts', 'apps.mjs');

/** What a developer may have set; each test sets what it is about. */
const CALLER_CHOICES = ['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'ADMIN_PASSWORD_FILE', 'BIND_ADDRESS', 'HOST'];

interface LocalRun {
  admin: { email: string; password: string; passwordFile?: string };
  env: Record<string, string | undefined>;
}

/** What scripts/apps.mjs gives `npm start` (its admin and app environment), in a fresh node. */
function localRun(env: Record<string, string>): LocalRun {
  const script = `import(${JSON.stringify(appsModule)}).then((m) =>
    console.log(JSON.stringify({ admin: m.localAdmin(), env: m.localEnv() })))`;
  const inherited = Object.entries(process.env).filter(([name]) => !CALLER_CHOICES.includes(name));
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...Object.fromEntries(inherited), ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out) as LocalRun;
}

describe('npm start (scripts/apps.mjs): the local run is not open to the network', () => {
  const homes: string[] = [];
  const home = () => homes[homes.push(mkdtempSync(join(tmpdir(), 'et-home-'))) - 1]!;

  afterAll(() => {
    for (const dir of homes) rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 unless BIND_ADDRESS says otherwise, whatever HOST the shell exported', () => {
    const ET_STACK_HOME = home();
    expect(localRun({ ET_STACK_HOME }).env.HOST).toBe('127.0.0.1');
    expect(localRun({ ET_STACK_HOME, HOST: 'my-laptop' }).env.HOST).toBe('127.0.0.1');
    expect(localRun({ ET_STACK_HOME, BIND_ADDRESS: '0.0.0.0' }).env.HOST).toBe('0.0.0.0');
  });

  it('gives the first admin a password generated once into the stack home (0600), never a documented one', () => {
    const ET_STACK_HOME = home();
    const first = localRun({ ET_STACK_HOME });
    const file = join(ET_STACK_HOME, 'secrets', 'admin-password');
    expect(first.admin).toEqual({
      email: 'admin@event-tickets.local',
      password: readFileSync(file, 'utf8'),
      passwordFile: file,
    });
    expect(first.admin.password).toMatch(/^[\w-]{24}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.env).toMatchObject({ ADMIN_EMAIL: 'admin@event-tickets.local', ADMIN_PASSWORD_FILE: file });
    expect(first.env.ADMIN_PASSWORD).toBeUndefined();
    // Kept across runs; another stack home gets another one.
    expect(localRun({ ET_STACK_HOME }).admin.password).toBe(first.admin.password);
    expect(localRun({ ET_STACK_HOME: home() }).admin.password).not.toBe(first.admin.password);
  });

  it('takes ADMIN_EMAIL, ADMIN_PASSWORD and ADMIN_PASSWORD_FILE over the generated login', () => {
    const ET_STACK_HOME = home();
    const given = localRun({
      ET_STACK_HOME,
      ADMIN_EMAIL: 'boss@example.com',
      ADMIN_PASSWORD: 'chosen-pw-123',
    });
    expect(given.admin).toEqual({ email: 'boss@example.com', password: 'chosen-pw-123' });
    expect(given.env).toMatchObject({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'chosen-pw-123' });
    expect(given.env.ADMIN_PASSWORD_FILE).toBeUndefined();
    const file = join(ET_STACK_HOME, 'mine');
    writeFileSync(file, 'from-a-file-456\n');
    expect(localRun({ ET_STACK_HOME, ADMIN_PASSWORD_FILE: file }).admin).toMatchObject({
      password: 'from-a-file-456',
      passwordFile: file,
    });
  });
});
