/** The intake service as a process: bad configuration stops it at once with every bad variable named. */
import { spawn } from 'node:child_process';
import path from 'node:path';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../../..');

function run(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [require.resolve('ts-node/dist/bin.js'), '--transpile-only', '-r', 'tsconfig-paths/register', 'services/intake/src/main.ts'],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('intake start-up with a bad configuration', () => {
  it('exits with code 1 and names every bad variable on stderr, without a stack trace', async () => {
    const { PATH, HOME } = process.env;
    const { code, stdout, stderr } = await run({ PATH, HOME, HTTP_PORT: 'abc', DATABASE_URL: '', JWT_SECRET: 'x'.repeat(40) });
    expect(code).toBe(1);
    expect(stderr).toContain('HTTP_PORT must be an integer between 1 and 65535 (got "abc")');
    expect(stderr).toContain('DATABASE_URL must be a postgres:// URL (got "")');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });
});
