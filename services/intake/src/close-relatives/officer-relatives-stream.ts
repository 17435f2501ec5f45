import { uuidV5 } from '@sa/eventstore';
import { OFFICER_RELATIVES_CATEGORY } from '../domain';
import { INTAKE_ID_NAMESPACE } from '../http/to-application-form';

/** One stream per officer: `officerRelatives-<name-based UUID of the officer's subject>`. */
export const officerRelativesStreamId = (officerId: string): string =>
  `${OFFICER_RELATIVES_CATEGORY}-${uuidV5(`officer/${officerId}`, INTAKE_ID_NAMESPACE)}`;
