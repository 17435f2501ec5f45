/** The gateway's officer directory (GET /directory/officers?jurisdiction=, 人员目录), cached per division. */
import { request } from './api';
import type { DirectoryOfficer } from './officers';

const cache = new Map<string, Promise<Map<string, DirectoryOfficer>>>();

/**
 * The officers of a division (the caller's own jurisdiction covers everyone inside it). An empty map
 * when the directory is not available to the caller (not configured, outside the jurisdiction):
 * actors are then shown by role and shortened id.
 */
export function officerDirectory(jurisdiction: string | null | undefined): Promise<Map<string, DirectoryOfficer>> {
  if (!jurisdiction) return Promise.resolve(new Map());
  let found = cache.get(jurisdiction);
  if (!found) {
    found = request<{ items?: DirectoryOfficer[] }>('/directory/officers', { query: { jurisdiction } })
      .then((res) => new Map((res.body.items ?? []).map((o) => [o.id, o] as [string, DirectoryOfficer])))
      .catch(() => {
        cache.delete(jurisdiction);
        return new Map<string, DirectoryOfficer>();
      });
    cache.set(jurisdiction, found);
  }
  return found;
}
