import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, ROLES, type Role, Roles } from '@sa/auth';

export class ActorView {
  @ApiProperty({ example: 'officer-0001' }) id!: string;
  @ApiProperty({ enum: ROLES, description: 'The role under which the caller acts on this request.' }) role!: Role;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ example: '330106001001', description: 'Administrative division code (6, 9 or 12 digits).' }) jurisdiction!: string;
  @ApiPropertyOptional() name?: string;
}

export class PingView {
  @ApiProperty() service!: string;
  @ApiProperty({ example: '330106001001' }) jurisdiction!: string;
  @ApiProperty({ type: ActorView }) actor!: ActorView;
}

/** `GET /whoami`: the verified identity of the caller (any role). */
@ApiTags('platform')
@Controller('whoami')
export class WhoAmIController {
  @Get()
  @ApiOkResponse({ type: ActorView })
  whoami(@CurrentActor() actor: Actor): ActorView {
    return actor;
  }
}

/**
 * `GET /<service>/jurisdictions/:code/ping`: a sample route guarded by role and jurisdiction.
 * Demonstrates the checks until the service's real endpoints exist.
 */
export function jurisdictionPingController(service: string, roles: Role[]) {
  @ApiTags('platform')
  @Controller(service)
  class JurisdictionPingController {
    @Get('jurisdictions/:code/ping')
    @Roles(...roles)
    @CheckJurisdiction({ param: 'code' })
    @ApiOkResponse({ type: PingView })
    ping(@Param('code') code: string, @CurrentActor() actor: Actor): PingView {
      return { service, jurisdiction: code, actor };
    }
  }
  return JurisdictionPingController;
}
