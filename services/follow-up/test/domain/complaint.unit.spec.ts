import { fold, given } from '@sa/decider';
import { complaintDecider, viewComplaintFor, type ComplaintCommand, type ComplaintEvent, type OfficerInfo } from '../../src/domain';
import { on } from '../support/commands';

const COMMUNITY = '440305001001';
const communityOfficer: OfficerInfo = { id: 'co-1', role: 'community_officer', jurisdiction: COMMUNITY };
const streetReviewer: OfficerInfo = { id: 'sr-1', role: 'street_reviewer', jurisdiction: '440305001' };
const otherCommunityOfficer: OfficerInfo = { id: 'co-9', role: 'community_officer', jurisdiction: '440305001002' };

const file = (over: Partial<Extract<ComplaintCommand, { type: 'FileComplaint' }>['data']> = {}): ComplaintCommand => (on('2026-03-01', {
  type: 'FileComplaint',
  data: {
    complaintId: 'k1',
    about: 'CASE',
    caseId: 'case-1',
    community: COMMUNITY,
    channel: 'HOTLINE',
    subject: 'WRONGFUL_BENEFIT',
    anonymous: false,
    complainant: { name: '李四', phone: '13800000000' },
    allegation: '该户有车辆仍领取低保',
    receivedOn: '2026-03-01',
    ...over
  }
}, streetReviewer));
const filed = complaintDecider.decide(file(), complaintDecider.initialState);
const assign = (investigator: OfficerInfo): ComplaintCommand => (on('2026-03-02', { type: 'AssignInvestigator', data: { investigator } }, streetReviewer));
const assigned: ComplaintEvent = { type: 'ComplaintAssigned', data: { investigator: streetReviewer, assignedBy: streetReviewer, assignedOn: '2026-03-02' } };
const resolve = (resolvedBy: OfficerInfo = streetReviewer, over: Partial<Extract<ComplaintCommand, { type: 'ResolveComplaint' }>['data']> = {}): ComplaintCommand => (on('2026-03-20', {
  type: 'ResolveComplaint',
  data: { outcome: 'SUBSTANTIATED', findings: '查实有车辆', actions: ['CHANGE_REQUESTED'], fraudSuspected: true, ...over }
}, resolvedBy));

describe('complaints: filing', () => {
  it('records a named complaint', () => {
    expect(filed).toHaveLength(1);
  });

  it('refuses an anonymous complaint that carries an identity', () => {
    given(complaintDecider, []).when(file({ anonymous: true })).thenThrows('anonymous_with_identity');
  });

  it('refuses a named complaint without a name', () => {
    given(complaintDecider, []).when(file({ complainant: undefined })).thenThrows('complainant_required');
  });

  it('refuses a complaint about an officer that names no officer', () => {
    given(complaintDecider, []).when(file({ about: 'OFFICER', caseId: undefined })).thenThrows('officer_required');
  });
});

describe('complaints: investigation', () => {
  it('refuses an investigator from inside the case community', () => {
    given(complaintDecider, filed).when(assign(communityOfficer)).thenThrows('investigator_inside_community');
  });

  it('assigns an investigator from outside the community', () => {
    given(complaintDecider, filed).when(assign(streetReviewer)).then([assigned]);
  });

  it('accepts an investigator from another community', () => {
    given(complaintDecider, filed).when(assign(otherCommunityOfficer)).then([
      { type: 'ComplaintAssigned', data: { investigator: otherCommunityOfficer, assignedBy: streetReviewer, assignedOn: '2026-03-02' } },
    ]);
  });

  it('refuses to let the officer complained about investigate', () => {
    const aboutOfficer = complaintDecider.decide(file({ about: 'OFFICER', officerId: 'co-9', caseId: undefined }), complaintDecider.initialState);
    given(complaintDecider, aboutOfficer).when(assign(otherCommunityOfficer)).thenThrows('investigator_is_subject');
  });

  it('refuses an outcome before an investigator is assigned', () => {
    given(complaintDecider, filed).when(resolve()).thenThrows('not_assigned');
  });

  it('refuses an outcome recorded by someone else than the investigator', () => {
    given(complaintDecider, [...filed, assigned]).when(resolve(otherCommunityOfficer)).thenThrows('not_the_investigator');
  });

  it('refuses suspected fraud on an unsubstantiated complaint', () => {
    given(complaintDecider, [...filed, assigned]).when(resolve(streetReviewer, { outcome: 'UNSUBSTANTIATED' })).thenThrows('fraud_without_substance');
  });

  it('records the outcome of the investigation', () => {
    given(complaintDecider, [...filed, assigned]).when(resolve()).then([
      {
        type: 'ComplaintResolved',
        data: { resolvedOn: '2026-03-20', outcome: 'SUBSTANTIATED', findings: '查实有车辆', actions: ['CHANGE_REQUESTED'], fraudSuspected: true, resolvedBy: streetReviewer },
      },
    ]);
  });
});

describe('complaints: the complainant stays confidential', () => {
  const state = fold(complaintDecider, [...filed, { ...assigned, data: { ...assigned.data, investigator: otherCommunityOfficer } }]);
  const viewer = (o: OfficerInfo) => ({ id: o.id, roles: [o.role], jurisdiction: o.jurisdiction });

  it('hides the identity from the case community officer', () => {
    const view = viewComplaintFor(viewer(communityOfficer), state);
    expect((view as unknown as Record<string, unknown>).complainant).toBeUndefined();
    expect(view.identityHidden).toBe(true);
    expect(view.allegation).toBe('该户有车辆仍领取低保');
  });

  it('hides the identity from the assigned investigator, a reviewer above the community and a street officer: nobody sees it', () => {
    for (const v of [viewer(otherCommunityOfficer), viewer(streetReviewer), { id: 'so-1', roles: ['street_officer'], jurisdiction: '440305001' }]) {
      const view = viewComplaintFor(v, state);
      expect(view).toMatchObject({ identityHidden: true, allegation: '该户有车辆仍领取低保' });
      expect(JSON.stringify(view)).not.toContain('李四');
      expect(JSON.stringify(view)).not.toContain('13800000000');
    }
  });

  it('has no identity to show for an anonymous complaint', () => {
    const anon = fold(complaintDecider, complaintDecider.decide(file({ anonymous: true, complainant: undefined }), complaintDecider.initialState));
    const view = viewComplaintFor(viewer(streetReviewer), anon);
    expect((view as unknown as Record<string, unknown>).complainant).toBeUndefined();
    expect(view.identityHidden).toBe(false);
  });
});
