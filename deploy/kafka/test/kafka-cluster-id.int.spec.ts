// deploy/kafka/kafka.sh: a saved KRaft cluster id that starts with '-' (older versions of the
// script could generate one) is read as an option by `kafka-storage format`. On an unformatted
// data dir the script must replace it and start the broker.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../test/support/free-port';

const run = promisify(execFile);
const SCRIPT = resolve(__dirname, '..', 'kafka.sh');


describe('kafka.sh cluster id', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kafka-sh-id-'));
    env = {
      ...process.env,
      KAFKA_DATA_DIR: dataDir,
      KAFKA_PORT: String(await freePort()),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
    };
  });

  afterAll(async () => {
    await run('bash', [SCRIPT, 'down'], { env }).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('replaces a saved id that starts with "-" when the storage is unformatted, and the broker starts', async () => {
    mkdirSync(dataDir, { recursive: true });
    const bad = '-AbCdEfGhIjKlMnOpQrStU';
    writeFileSync(join(dataDir, 'cluster.id'), bad);

    const up = await run('bash', [SCRIPT, 'up'], { env });
    expect(up.stdout).toContain('ready: bootstrap');

    const saved = readFileSync(join(dataDir, 'cluster.id'), 'utf8').trim();
    expect(saved).not.toBe(bad);
    expect(saved).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    const meta = readFileSync(join(dataDir, 'kraft-logs', 'meta.properties'), 'utf8');
    expect(meta).toContain(`cluster.id=${saved}`);

    const down = await run('bash', [SCRIPT, 'down'], { env });
    expect(down.stdout).toContain('stopped');

    // A second 'up' on the now formatted storage keeps the id.
    await run('bash', [SCRIPT, 'up'], { env });
    expect(readFileSync(join(dataDir, 'cluster.id'), 'utf8').trim()).toBe(saved);
    await run('bash', [SCRIPT, 'down'], { env });
  });

  it('never generates an id that starts with "-"', async () => {
    // The generator is the script's own function (sourcing the script does not run a command).
    const { stdout } = await run(
      'bash',
      ['-c', `source "${SCRIPT}"; for i in $(seq 1 400); do new_cluster_id; echo; done`],
      { env },
    );
    const ids = stdout.trim().split('\n');
    expect(ids).toHaveLength(400);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
