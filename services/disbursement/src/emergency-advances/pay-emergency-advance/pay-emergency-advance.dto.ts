import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** 先行救助 is paid only for an advance eligibility approved (EmergencyAdvanceApproved): the request names it, nothing more. */
export class PayEmergencyAdvanceDto {
  @ApiProperty({ description: 'The advance approved by eligibility (POST /review-cases/:caseId/emergency-advance); paying it twice is refused' })
  @IsUUID()
  advanceId!: string;
}
