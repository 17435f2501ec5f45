import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { assertJurisdiction, type Actor } from '@sa/auth';
import { ValidationProblemException } from '@sa/errors';
import { PolicyCatalogue } from '../policy-catalogue';
import { EligibilityPipelines } from '../../commands/eligibility-pipelines';
import { assessCase, EligibilityError, monthOf, notFoundError, toEligibilityError, type CaseMember, type PolicyVersion } from '../../domain';
import type { DryRunDto } from './dry-run.dto';

/** Errors of the rule engine about the request's own facts: a 400 naming the field. */
const FACT_ERRORS = new Set(['invalid_facts', 'invalid_amount', 'invalid_calendar_date']);

export class DryRunQuery {
  constructor(
    readonly dto: DryRunDto,
    readonly actor: Actor,
  ) {}
}

/** Evaluates a household against a policy version without creating a case: the amount and its explanation. */
@QueryHandler(DryRunQuery)
export class DryRunHandler implements IQueryHandler<DryRunQuery> {
  constructor(
    private readonly catalogue: PolicyCatalogue,
    private readonly pipelines: EligibilityPipelines,
  ) {}

  async execute({ dto, actor }: DryRunQuery) {
    const onDate = dto.onDate ?? this.pipelines.today();
    let policy: PolicyVersion;
    if (dto.policyVersion) {
      const found = await this.catalogue.find(dto.policyVersion);
      if (!found) throw notFoundError('policy_version_not_found', `No policy version ${dto.policyVersion}`);
      policy = found.version;
    } else if (dto.jurisdiction) {
      assertJurisdiction(actor, dto.jurisdiction, 'jurisdiction');
      policy = await this.catalogue.resolve(dto.jurisdiction, onDate);
    } else {
      throw new ValidationProblemException([{ field: 'policyVersion', message: 'give policyVersion, or jurisdiction to apply the version in force' }]);
    }
    const members: CaseMember[] = dto.household.members.map((m) => ({
      memberId: m.memberId,
      name: m.name ?? '',
      relation: '',
      birthDate: m.birthDate,
      included: m.included ?? true,
      ...(m.exclusionReason ? { exclusionReason: m.exclusionReason } : {}),
      disability: m.disability ? { grade: m.disability.grade, category: m.disability.category } : null,
      severeIllness: m.severeIllness ? { condition: m.severeIllness.condition } : null,
      workAbility: m.workAbility,
      ...(m.suitableWorkRefusals !== undefined ? { suitableWorkRefusals: m.suitableWorkRefusals } : {}),
    }));
    const f = dto.facts ?? {};
    try {
      const assessment = assessCase({
        program: dto.program,
        household: { applicantMemberId: dto.household.applicantMemberId ?? members[0]!.memberId, members },
        verification: {
          verificationId: 'dry-run',
          reportVersion: 0,
          purpose: 'INITIAL',
          platformReportRef: 'dry-run',
          completedAt: onDate,
          receivedOn: onDate,
          facts: {
            incomes: f.incomes ?? [],
            financialAssets: f.financialAssets ?? [],
            vehicles: f.vehicles ?? [],
            businesses: f.businesses ?? [],
            homes: f.homes ?? [],
          },
          outstanding: [],
        },
        policy,
        assessmentDate: onDate,
        extremePoverty: dto.extremePoverty ?? null,
        temporary: dto.temporary
          ? {
              assistanceType: dto.temporary.assistanceType,
              requestedAmountFen: dto.temporary.requestedAmountFen,
              instalmentMonths: dto.temporary.instalmentMonths ?? 1,
              firstPaymentMonth: monthOf(onDate),
            }
          : null,
        reviewClass: dto.reviewClass ?? null,
      });
      const { verification: _none, ...result } = assessment;
      return result;
    } catch (e) {
      const error = toEligibilityError(e);
      if (error instanceof EligibilityError && FACT_ERRORS.has(error.code)) {
        throw new ValidationProblemException([{ field: error.field ?? 'household', message: error.message }]);
      }
      throw error;
    }
  }
}
