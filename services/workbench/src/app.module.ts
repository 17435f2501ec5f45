import { Controller, Get, HttpException, HttpStatus, Inject, Module } from '@nestjs/common';
import { WORKBENCH_CONFIG } from './config';
import { Gateway } from './gateway';

export const GATEWAY = Symbol('GATEWAY');

@Controller('health')
export class HealthController {
  constructor(@Inject(GATEWAY) private readonly gateway: Gateway) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready when the identity provider's metadata can be read (sign-in would fail otherwise). */
  @Get('ready')
  async ready() {
    try {
      await this.gateway.oidc.ping();
      return { status: 'ok', details: { oidc: { status: 'up' } } };
    } catch (e) {
      throw new HttpException(
        { status: 'error', details: { oidc: { status: 'down', message: e instanceof Error ? e.message : String(e) } } },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
  }
}

/** The gateway's Nest module; the Gateway instance and its config come from main.ts. */
@Module({})
export class WorkbenchModule {
  static with(gateway: Gateway, config: unknown) {
    return {
      module: WorkbenchModule,
      controllers: [HealthController],
      providers: [
        { provide: GATEWAY, useValue: gateway },
        { provide: WORKBENCH_CONFIG, useValue: config },
      ],
    };
  }
}
