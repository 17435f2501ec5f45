import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { assertJurisdiction, type Actor } from '@sa/auth';
import { logAuditorRead, notFound, verificationFor } from '../read-models/verification-access';
import { VerificationQueries } from '../read-models/verification-queries';

/** A verification with what is still outstanding: by its case, or by its id. */
export class GetVerificationQuery {
  constructor(
    readonly by: { caseId: string } | { caseNumber: string } | { verificationId: string },
    readonly actor: Actor,
  ) {}
}

@QueryHandler(GetVerificationQuery)
export class GetVerificationHandler implements IQueryHandler<GetVerificationQuery> {
  constructor(private readonly queries: VerificationQueries) {}

  async execute({ by, actor }: GetVerificationQuery) {
    if ('caseId' in by) {
      const header = await this.queries.byCase(by.caseId);
      if (!header) throw notFound(`No verification for case ${by.caseId}.`);
      assertJurisdiction(actor, header.jurisdiction, 'caseId');
      logAuditorRead(actor, 'verification', { caseId: by.caseId });
      return this.queries.view(header.verificationId);
    }
    if ('caseNumber' in by) {
      const header = await this.queries.byCaseNumber(by.caseNumber);
      if (!header) throw notFound(`No verification for case number ${by.caseNumber}.`);
      assertJurisdiction(actor, header.jurisdiction, 'caseNumber');
      logAuditorRead(actor, 'verification', { caseId: header.caseId, caseNumber: by.caseNumber });
      return this.queries.view(header.verificationId);
    }
    await verificationFor(this.queries, by.verificationId, actor);
    logAuditorRead(actor, 'verification', { verificationId: by.verificationId });
    return this.queries.view(by.verificationId);
  }
}

/** One version of the verification report (every version stays readable). */
export class GetVerificationReportQuery {
  constructor(
    readonly verificationId: string,
    readonly version: number,
    readonly actor: Actor,
  ) {}
}

@QueryHandler(GetVerificationReportQuery)
export class GetVerificationReportHandler implements IQueryHandler<GetVerificationReportQuery> {
  constructor(private readonly queries: VerificationQueries) {}

  async execute({ verificationId, version, actor }: GetVerificationReportQuery) {
    await verificationFor(this.queries, verificationId, actor);
    const report = await this.queries.report(verificationId, version);
    if (!report) throw notFound(`Verification ${verificationId} has no report version ${version}.`);
    logAuditorRead(actor, 'verification report', { verificationId, version });
    return report;
  }
}
