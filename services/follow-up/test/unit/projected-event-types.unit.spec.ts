import { COMPLAINT_EVENT_TYPES, FOLLOW_UP_EVENT_TYPES } from '../../src/domain';
import { followUpProjection, IGNORED_EVENT_TYPES, PROJECTED_EVENT_TYPES } from '../../src/read-models/follow-up-projection';

describe("follow-up's projected event types", () => {
  it('every domain event type is either projected or explicitly ignored, never both', () => {
    expect([...PROJECTED_EVENT_TYPES, ...IGNORED_EVENT_TYPES].sort()).toEqual([...FOLLOW_UP_EVENT_TYPES, ...COMPLAINT_EVENT_TYPES].sort());
    expect(PROJECTED_EVENT_TYPES.filter((t) => IGNORED_EVENT_TYPES.includes(t))).toEqual([]);
  });

  it('the projection handles exactly the projected types', () => {
    expect(followUpProjection('follow_up').canHandle).toEqual(PROJECTED_EVENT_TYPES);
  });
});
