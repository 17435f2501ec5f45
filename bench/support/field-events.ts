/**
 * Shared pieces of the field-encryption benches (`field-encryption.bench.ts`, `field-open.bench.ts`): the
 * application-sized event payload both seal (names, resident IDs, phone, address, illness, employer) and an
 * in-memory `DataKeys` stand-in for CPU-only measurements (no database, no key unwrapping).
 */
import { randomBytes } from 'node:crypto';
import type { DataKeys } from '@sa/crypto';

/** A resident ID of the benches' households (deterministic in `n`). */
export function benchResidentId(n: number): string {
  return `330106${String(19500101 + (n % 500) * 10).padStart(8, '0')}${String(n % 1000).padStart(3, '0')}X`;
}

/** The data of an `ApplicationDraftRevised` event: four members with the personal fields an application carries. */
export function applicationDraftData(caseId: string, seq: number): Record<string, unknown> {
  return {
    caseId,
    form: {
      program: 'MINIMUM_LIVING_ALLOWANCE',
      household: {
        address: '杭州市西湖区北山街道某社区1幢1单元101室',
        phone: '13800000000',
        members: [0, 1, 2, 3].map((i) => ({
          memberId: `00000000-0000-4000-8000-${String(seq * 10 + i).padStart(12, '0')}`,
          residentId: benchResidentId(seq * 4 + i),
          name: ['张伟', '李娜', '张小明', '张小红'][i],
          relation: ['APPLICANT', 'SPOUSE', 'CHILD', 'CHILD'][i],
          workAbility: 'PARTIAL',
          ...(i === 1 ? { severeIllness: { condition: '尿毒症', diagnosedOn: '2025-11-20' } } : {}),
          employment: { status: 'FLEXIBLE_EMPLOYMENT', employer: '零工' },
        })),
      },
      declaration: { income: [{ memberId: 'm1', kind: 'WAGES', monthlyFen: 120000 }], assets: [] },
    },
    revisedOn: '2026-03-02',
  };
}

/** A DataKeys stand-in with every key in memory (the open path's key look-ups are cache hits in production too). */
export function memoryKeys(): DataKeys {
  const byId = new Map<string, Buffer>();
  const current = new Map<string, string>();
  const stub = {
    async keyFor(subject: string) {
      let keyId = current.get(subject);
      if (!keyId) {
        keyId = `${subject}~1`;
        current.set(subject, keyId);
        byId.set(keyId, randomBytes(32));
      }
      return { keyId, key: byId.get(keyId)! };
    },
    cachedKeyFor(subject: string) {
      const keyId = current.get(subject);
      return keyId ? { keyId, key: byId.get(keyId)! } : undefined;
    },
    async lookup(keyId: string) {
      const key = byId.get(keyId);
      if (!key) throw new Error(`unknown key ${keyId}`);
      return { status: 'active' as const, key };
    },
    async preload() {},
  };
  return stub as unknown as DataKeys;
}
