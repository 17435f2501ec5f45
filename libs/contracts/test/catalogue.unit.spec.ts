import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  allTopics,
  CONTEXTS,
  dlqTopic,
  EVENT_CATALOGUE,
  EVENT_SCHEMAS,
  INTEGRATION_EVENT_TYPES,
  schemaId,
  TOPICS,
  eventTypesOf,
  eventTypesConsumedBy,
  compileAllSchemas,
} from '@sa/contracts';

const LIB = join(__dirname, '..');
const SCHEMA_DIR = join(LIB, 'schemas');
const EVENTS_DIR = join(LIB, 'src', 'events');

function schemaFiles(): string[] {
  return CONTEXTS.flatMap((context) => {
    let names: string[];
    try {
      names = readdirSync(join(SCHEMA_DIR, context));
    } catch {
      return [];
    }
    return names.map((n) => `${context}/${n}`);
  }).sort();
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** `export interface FooV1` / `export type FooV1 =` in src/events/<context>.ts: the event data types. */
function tsEventTypes(): { context: string; type: string; version: number }[] {
  return readdirSync(EVENTS_DIR).flatMap((file) => {
    const context = file.replace(/\.ts$/, '');
    const source = readFileSync(join(EVENTS_DIR, file), 'utf8');
    // Parts of an event type are named otherwise (e.g. AssistanceGrantedV1Recurring).
    return [...source.matchAll(/^export (?:interface|type) ([A-Z][A-Za-z]*)V([0-9]+)\b/gm)].map((m) => ({
      context,
      type: m[1]!,
      version: Number(m[2]),
    }));
  });
}

describe('catalogue ↔ schema files ↔ TypeScript types', () => {
  const expectedFiles = INTEGRATION_EVENT_TYPES.flatMap((type) =>
    EVENT_CATALOGUE[type].versions.map((v) => `${EVENT_CATALOGUE[type].context}/${type}.v${v}.json`),
  ).sort();

  it('has exactly one schema file per event type and version, in its context folder', () => {
    expect(schemaFiles()).toEqual(expectedFiles);
  });

  it('has a TypeScript data type <Type>V<n> in src/events/<context>.ts for every schema file, and no other', () => {
    const fromTs = tsEventTypes()
      .map((t) => `${t.context}/${t.type}.v${t.version}.json`)
      .sort();
    expect(fromTs).toEqual(schemaFiles());
  });

  it('gives every schema its $id, draft 2020-12, and a description', () => {
    for (const file of schemaFiles()) {
      const [context, name] = file.split('/') as [string, string];
      const [, type, version] = /^([A-Za-z]+)\.v([0-9]+)\.json$/.exec(name)!;
      const schema = readJson(join(SCHEMA_DIR, file));
      expect(schema.$id).toBe(`https://schemas.social-assistance.local/${context}/${type}/v${version}.json`);
      expect(schema.$id).toBe(schemaId(context as (typeof CONTEXTS)[number], type!, Number(version)));
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(typeof schema.description).toBe('string');
    }
  });

  it('registers in EVENT_SCHEMAS exactly the files on disk, with identical content', () => {
    for (const type of INTEGRATION_EVENT_TYPES) {
      const { context, versions } = EVENT_CATALOGUE[type];
      expect(Object.keys(EVENT_SCHEMAS[type]).map(Number)).toEqual([...versions]);
      for (const v of versions) {
        expect(EVENT_SCHEMAS[type][v]).toEqual(readJson(join(SCHEMA_DIR, context, `${type}.v${v}.json`)));
      }
    }
  });

  it('keeps the shared definitions under schemas/common only', () => {
    expect(readdirSync(SCHEMA_DIR).sort()).toEqual([...CONTEXTS, 'common'].sort());
    expect(readdirSync(join(SCHEMA_DIR, 'common'))).toEqual(['definitions.v1.json']);
  });

  it('refers only to the shared definitions or to the schema itself', () => {
    for (const file of schemaFiles()) {
      const text = readFileSync(join(SCHEMA_DIR, file), 'utf8');
      for (const [, ref] of text.matchAll(/"\$ref": "([^"]+)"/g)) {
        expect(ref).toMatch(/^(#\/\$defs\/|https:\/\/schemas\.social-assistance\.local\/common\/definitions\/v1\.json#\/\$defs\/)/);
      }
    }
  });

  it('compiles every schema in strict mode', () => {
    expect(() => compileAllSchemas()).not.toThrow();
  });

  it('lists sensible producers and consumers', () => {
    for (const type of INTEGRATION_EVENT_TYPES) {
      const entry = EVENT_CATALOGUE[type];
      expect(entry.consumers).not.toContain(entry.context);
      // AssistanceRefused v2 (open notice deadline) is published only in that case; v1 stays current.
      // (BenefitChanged v2 was too, until v3 — published for every change — became current.)
      const openDeadlineV2 = type === 'AssistanceRefused';
      // AssistanceGranted v2 (an approval ordered on appeal) and v3 (the policy's 追回 cap) likewise: published only then, v1 stays current.
      // So is BenefitChanged v4 (a change an appeal caused), and v5 (the policy's 追回 cap): v3 stays current.
      if (openDeadlineV2) expect(entry.versions).toEqual([1, 2]);
      if (type === 'AssistanceGranted') expect(entry.versions).toEqual([1, 2, 3]);
      if (type === 'BenefitChanged') expect(entry.versions).toEqual([1, 2, 3, 4, 5]);
      expect(entry.currentVersion).toBe(openDeadlineV2 || type === 'AssistanceGranted' ? 1 : type === 'BenefitChanged' ? 3 : Math.max(...entry.versions));
    }
    expect(eventTypesOf('follow-up')).toEqual(['ReviewCompleted', 'ChangeRequested', 'ComplaintResolved', 'ReverificationRequested', 'AssistanceExited']);
    expect(eventTypesConsumedBy('intake')).toContain('AssistanceExited');
    expect(eventTypesConsumedBy('verification')).toEqual(['ApplicationAccepted', 'ApplicationWithdrawn', 'HolidayCalendarPublished', 'ReverificationRequested']);
  });
});

describe('topics', () => {
  it('has one topic per producing context and a .dlq dead-letter topic each', () => {
    expect(TOPICS).toEqual({
      intake: 'sa.intake.events',
      verification: 'sa.verification.events',
      eligibility: 'sa.eligibility.events',
      disbursement: 'sa.disbursement.events',
      'follow-up': 'sa.follow-up.events',
    });
    expect(dlqTopic(TOPICS['follow-up'])).toBe('sa.follow-up.events.dlq');
    expect(allTopics()).toHaveLength(10);
  });

  it('has every context produce at least one event', () => {
    for (const context of CONTEXTS) expect(eventTypesOf(context).length).toBeGreaterThan(0);
  });

  it('documents every event in the README catalogue', () => {
    const readme = readFileSync(join(LIB, 'README.md'), 'utf8');
    for (const type of INTEGRATION_EVENT_TYPES) {
      const file = relative(LIB, join(SCHEMA_DIR, EVENT_CATALOGUE[type].context, `${type}.v1.json`));
      expect(readme).toContain(`\`${type}\``);
      expect(readme).toContain(file);
    }
  });
});
