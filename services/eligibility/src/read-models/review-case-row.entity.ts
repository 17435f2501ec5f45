import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per review case (case list, due-soon and overdue queues). Holds no personal data but the
 * applicant's masked name (surname + 某): the case file itself is read from the event store.
 * Every value comes from the events (times are the events' recording times), so a rebuild yields
 * the same rows.
 */
@Entity({ name: 'review_cases' })
@Index('review_cases_jurisdiction_idx', ['jurisdiction'])
@Index('review_cases_status_due_idx', ['status', 'dueOn'])
export class ReviewCaseRow {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'case_number', type: 'text', nullable: true }) caseNumber!: string | null;
  @Column({ type: 'text', nullable: true }) program!: string | null;
  @Column({ type: 'text', nullable: true }) jurisdiction!: string | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'applicant_masked', type: 'text', nullable: true }) applicantMasked!: string | null;
  @Column({ name: 'household_size', type: 'int', nullable: true }) householdSize!: number | null;
  @Column({ name: 'conflict_of_interest', type: 'boolean', default: false }) conflictOfInterest!: boolean;
  @Column({ name: 'accepted_on', type: 'date', nullable: true }) acceptedOn!: string | null;
  @Column({ name: 'due_on', type: 'date', nullable: true }) dueOn!: string | null;
  @Column({ name: 'deadline_working_days', type: 'int', nullable: true }) deadlineWorkingDays!: number | null;
  @Column({ name: 'deadline_extended', type: 'boolean', default: false }) deadlineExtended!: boolean;
  @Column({ name: 'investigation_start_due_on', type: 'date', nullable: true }) investigationStartDueOn!: string | null;
  @Column({ name: 'investigation_started_on', type: 'date', nullable: true }) investigationStartedOn!: string | null;
  @Column({ name: 'verification_reports', type: 'int', default: 0 }) verificationReports!: number;
  @Column({ name: 'home_visits', type: 'int', default: 0 }) homeVisits!: number;
  @Column({ type: 'int', default: 0 }) round!: number;
  @Column({ type: 'text', nullable: true }) proposal!: string | null;
  @Column({ name: 'proposed_amount_fen', type: 'bigint', nullable: true, transformer: { to: (v) => v, from: (v) => (v === null ? null : Number(v)) } })
  proposedAmountFen!: number | null;
  @Column({ name: 'notice_last_day', type: 'date', nullable: true }) noticeLastDay!: string | null;
  @Column({ name: 'open_objections', type: 'int', default: 0 }) openObjections!: number;
  @Column({ name: 'decided_on', type: 'date', nullable: true }) decidedOn!: string | null;
  @Column({ name: 'decision_id', type: 'uuid', nullable: true }) decisionId!: string | null;
  @Column({ name: 'decided_overdue', type: 'boolean', nullable: true }) decidedOverdue!: boolean | null;
  @Column({ name: 'monthly_amount_fen', type: 'bigint', nullable: true, transformer: { to: (v) => v, from: (v) => (v === null ? null : Number(v)) } })
  monthlyAmountFen!: number | null;
  @Column({ name: 'start_month', type: 'text', nullable: true }) startMonth!: string | null;
  @Column({ name: 'policy_version', type: 'text', nullable: true }) policyVersion!: string | null;
  @Column({ name: 'refusal_notice_due_on', type: 'date', nullable: true }) refusalNoticeDueOn!: string | null;
  @Column({ name: 'benefit_status', type: 'text', nullable: true }) benefitStatus!: string | null;
  @Column({ name: 'redetermination_open', type: 'boolean', default: false }) redeterminationOpen!: boolean;
  /** A deadline of the case is open: the year whose holiday schedule is missing. */
  @Column({ name: 'calendar_missing', type: 'int', nullable: true }) calendarMissing!: number | null;
  @Column({ type: 'int' }) revision!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
