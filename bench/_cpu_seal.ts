import { randomUUID } from 'node:crypto';
import { FieldEncryptor } from '@sa/crypto';
import { computeEventHash, toPlainJson } from '@sa/eventstore';
const keyBuf = Buffer.alloc(32, 7);
const keys = { keyFor: async (s: string) => ({ keyId: `${s}~1`, key: keyBuf }), lookup: async () => ({ status: 'active', key: keyBuf }) } as any;
function data(seq: number) { return { caseId: 'c', form: { program: 'MINIMUM_LIVING_ALLOWANCE', household: { address: '杭州市西湖区北山街道某社区1幢1单元101室', phone: '13800000000',
  members: [0,1,2,3].map((i) => ({ memberId: `00000000-0000-4000-8000-${String(seq*10+i).padStart(12,'0')}`, residentId: `33010619500101${i}${seq%1000}X`, name: ['张伟','李娜','张小明','张小红'][i], relation: ['APPLICANT','SPOUSE','CHILD','CHILD'][i], workAbility: 'PARTIAL', ...(i===1?{severeIllness:{condition:'尿毒症',diagnosedOn:'2025-11-20'}}:{}), employment: { status: 'FLEXIBLE_EMPLOYMENT', employer: '零工' } })) },
  declaration: { income: [{ memberId: 'm1', kind: 'WAGES', monthlyFen: 120000 }], assets: [] } }, revisedOn: '2026-03-02' }; }
const meta = { correlationId: 'c', causationId: 'x', actor: { id: 'o', role: 'r', jurisdiction: '1' }, occurredAt: '2026-03-02T09:30:00+08:00' };
async function main() {
  const enc = new FieldEncryptor(keys);
  const N = 3000;
  const ds = Array.from({ length: N }, (_, i) => data(i));
  const ids = ds.map(() => randomUUID());
  const t = async (name: string, f: (i: number) => unknown) => { for (let i = 0; i < 300; i++) await f(i); const c = process.cpuUsage(); for (let i = 0; i < N; i++) await f(i); const u = process.cpuUsage(c); console.log(name.padEnd(30), ((u.user + u.system) / N).toFixed(1), 'µs'); };
  const sealed: unknown[] = [];
  for (let i = 0; i < N; i++) sealed.push(await enc.encrypt(ds[i], 'c', ids[i]!));
  for (let r = 0; r < 2; r++) {
  await t('encrypt', (i) => enc.encrypt(ds[i], 'c', ids[i]!));
  await t('decrypt', (i) => enc.decrypt(sealed[i], ids[i]!));
  await t('hash clear', (i) => { const d = toPlainJson(ds[i]); return computeEventHash({ prevHash: null, streamId: 's', revision: 0, eventId: ids[i]!, type: 't', schemaVersion: 1, data: d as any, metadata: toPlainJson(meta) as any }); });
  await t('hash sealed', (i) => { const d = toPlainJson(sealed[i]); return computeEventHash({ prevHash: null, streamId: 's', revision: 0, eventId: ids[i]!, type: 't', schemaVersion: 1, data: d as any, metadata: toPlainJson(meta) as any }); });
  await t('stringify clear', (i) => JSON.stringify(ds[i]));
  await t('stringify sealed', (i) => JSON.stringify(sealed[i]));
  }
  console.log('bytes', JSON.stringify(ds[1]).length, JSON.stringify(sealed[1]).length);
}
main();
