import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { ApplicationFormDto } from '../../http/application-form.dto';

export class CreateApplicationDto extends ApplicationFormDto {
  @ApiPropertyOptional({ description: 'Case id chosen by the client (UUID): a retried request with the same id creates nothing new' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ description: 'The proactive lead (主动发现) this application comes from; the case id reserved for the lead is used' })
  @IsOptional()
  @IsUUID()
  leadId?: string;
}
