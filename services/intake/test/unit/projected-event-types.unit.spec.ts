import { APPLICATION_EVENT_TYPES, LEAD_EVENT_TYPES, OFFICER_RELATIVES_EVENT_TYPES } from '../../src/domain';
import { IGNORED_EVENT_TYPES, intakeProjection, PROJECTED_EVENT_TYPES } from '../../src/read-models/intake-projection';
import { ResidentIdHasher } from '../../src/identity/resident-id-hasher';

describe("intake's projected event types", () => {
  const domain = [...APPLICATION_EVENT_TYPES, ...LEAD_EVENT_TYPES, ...OFFICER_RELATIVES_EVENT_TYPES];

  it('every domain event type is either projected or explicitly ignored, never both', () => {
    expect([...PROJECTED_EVENT_TYPES, ...IGNORED_EVENT_TYPES].sort()).toEqual([...domain].sort());
    expect(PROJECTED_EVENT_TYPES.filter((t) => IGNORED_EVENT_TYPES.includes(t))).toEqual([]);
  });

  it('projects the closing of an accepted case after a decision (it releases the household)', () => {
    expect(PROJECTED_EVENT_TYPES).toContain('ApplicationClosedAfterDecision');
  });

  it('the projection handles exactly the projected types', () => {
    expect(intakeProjection('intake', new ResidentIdHasher('unit-test-resident-id-key-0123456789abcdef')).canHandle).toEqual(PROJECTED_EVENT_TYPES);
  });
});
