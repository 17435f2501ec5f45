// The supervisor npm start and the e2e harness use, over real child processes (small node scripts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Supervisor, restartDelay } from './supervisor';

jest.setTimeout(30_000);

let dir: string;
const lines: string[] = [];
let sup: Supervisor | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sa-supervisor-'));
  lines.length = 0;
});

afterEach(async () => {
  await sup?.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const until = async (what: string, probe: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

it('doubles the backoff per restart within the window, up to the maximum', () => {
  const policy = { initialDelayMs: 1000, maxDelayMs: 30_000 };
  expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelay(n, policy))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
});

it('restarts a process that exits, logging name, exit code, attempt and delay; past the bound it gives up', async () => {
  sup = new Supervisor({ maxRestarts: 2, windowMs: 60_000, initialDelayMs: 100 }, (l) => lines.push(l));
  sup.add({ name: 'flaky', args: ['-e', 'setTimeout(() => process.exit(3), 100)'], logFile: join(dir, 'flaky.log') });
  const gaveUp = new Promise<{ name: string; code: number; restarts: number }>((r) => sup!.once('gave-up', r));
  await sup.start('flaky');
  expect(await gaveUp).toMatchObject({ name: 'flaky', code: 3, restarts: 2 });
  const exits = lines.filter((l) => !l.includes('ready again'));
  expect(exits[0]).toMatch(/^flaky \(pid \d+\) exited \(code 3\) — restart 1 of 2 in 0\.1 s/);
  expect(exits[1]).toMatch(/^flaky \(pid \d+\) exited \(code 3\) — restart 2 of 2 in 0\.2 s/);
  expect(exits[2]).toMatch(/^flaky \(pid \d+\) exited \(code 3\) after 2 restarts within 60 s — giving up/);
  expect(exits).toHaveLength(3);
  expect(lines.filter((l) => l.includes('ready again'))).toHaveLength(2);
  expect(sup.pid('flaky')).toBeUndefined();
  // Each start is marked in the process's log file.
  expect(readFileSync(join(dir, 'flaky.log'), 'utf8').match(/==== flaky start #\d/g)).toEqual(['==== flaky start #0', '==== flaky start #1', '==== flaky start #2']);
});

it('restarts a SIGKILLed process once its backoff has passed and reports it ready again', async () => {
  sup = new Supervisor({ initialDelayMs: 200 }, (l) => lines.push(l));
  sup.add({ name: 'svc', args: ['-e', 'setInterval(() => {}, 1000)'], logFile: join(dir, 'svc.log') });
  await sup.start('svc');
  const first = sup.pid('svc')!;
  sup.signal('svc', 'SIGKILL');
  await sup.whenReady('svc', 1, 10_000);
  const second = sup.pid('svc')!;
  expect(second).not.toBe(first);
  expect(alive(first)).toBe(false);
  expect(sup.restarts('svc')).toBe(1);
  expect(lines[0]).toMatch(/^svc \(pid \d+\) exited \(signal SIGKILL\) — restart 1 of 5 in 0\.2 s/);
});

it('stops every process and what it started (its process group) without restarting anything', async () => {
  // A parent that starts a grandchild and ignores SIGTERM (so the SIGKILL after the grace period is needed).
  const script = `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    require('fs').writeFileSync(${JSON.stringify(join(dir, 'grandchild'))}, String(c.pid));
    process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);`;
  sup = new Supervisor({ initialDelayMs: 50, stopTimeoutMs: 500 }, (l) => lines.push(l));
  sup.add({ name: 'parent', args: ['-e', script], logFile: join(dir, 'parent.log') });
  sup.add({ name: 'other', args: ['-e', 'setInterval(() => {}, 1000)'], logFile: join(dir, 'other.log') });
  await sup.start('parent', 'other');
  const pids = sup.pids();
  expect(pids).toHaveLength(2);
  let grandchild = 0;
  await until('grandchild pid', () => {
    try {
      grandchild = Number(readFileSync(join(dir, 'grandchild'), 'utf8'));
      return grandchild > 0;
    } catch {
      return false;
    }
  });
  await sup.stopAll();
  for (const pid of [...pids, grandchild]) await until(`pid ${pid} gone`, () => !alive(pid), 3000);
  await new Promise((r) => setTimeout(r, 300));
  expect(sup.pids()).toEqual([]);
  expect(lines.filter((l) => l.includes('restart'))).toEqual([]);
});
