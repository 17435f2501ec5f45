import type { Decider } from '@sa/decider';
import { ApplicationEvent, ApplicationState, evolveApplication, initialApplicationState } from './application';
import { ApplicationCommand, decideApplication } from './application.decide';

/** Stream category of applications: `application-<caseId>`. */
export const APPLICATION_CATEGORY = 'application';

export const applicationStreamId = (caseId: string): string => `${APPLICATION_CATEGORY}-${caseId}`;

export const applicationDecider: Decider<ApplicationCommand, ApplicationEvent, ApplicationState> = {
  decide: decideApplication,
  evolve: evolveApplication,
  initialState: initialApplicationState,
};
