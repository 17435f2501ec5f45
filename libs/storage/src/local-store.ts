import { createReadStream } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { assertDigest, ObjectNotFoundError, type ObjectStorage } from './object-storage';

/**
 * Local content-addressed store: `<root>/sha256/<ab>/<cd>/<digest>`. A staged file is moved in with
 * one rename (same file system: the staging directory is `<root>/.staging`), so a blob is either
 * absent or complete.
 */
export class LocalContentAddressedStore implements ObjectStorage {
  readonly kind = 'local' as const;

  constructor(readonly root: string) {}

  /** Where uploads are staged before they are stored (same file system as the store). */
  get stagingDir(): string {
    return join(this.root, '.staging');
  }

  pathOf(digest: string): string {
    assertDigest(digest);
    return join(this.root, 'sha256', digest.slice(0, 2), digest.slice(2, 4), digest);
  }

  async putStaged(digest: string, stagedPath: string): Promise<{ created: boolean }> {
    const target = this.pathOf(digest);
    if (await this.exists(digest)) {
      await rm(stagedPath, { force: true });
      return { created: false };
    }
    await mkdir(join(target, '..'), { recursive: true });
    await rename(stagedPath, target);
    return { created: true };
  }

  async open(digest: string): Promise<Readable> {
    const path = this.pathOf(digest);
    try {
      await stat(path);
    } catch {
      throw new ObjectNotFoundError(digest);
    }
    return createReadStream(path);
  }

  async exists(digest: string): Promise<boolean> {
    try {
      await access(this.pathOf(digest));
      return true;
    } catch {
      return false;
    }
  }

  async remove(digest: string): Promise<void> {
    await rm(this.pathOf(digest), { force: true });
  }
}
