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

  /**
   * Ready when the identity provider's metadata can be read (sign-in would fail otherwise); the
   * upstream services' readiness is reported too, but one service down does not take the gateway out.
   */
  @Get('ready')
  async ready() {
    const [oidc, upstreams] = await Promise.all([
      this.gateway.oidc.ping().then(
        () => ({ status: 'up' as const }),
        (e: unknown) => ({ status: 'down' as const, message: e instanceof Error ? e.message : String(e) }),
      ),
      this.gateway.upstreams(),
    ]);
    const details = { oidc, ...upstreams };
    if (oidc.status === 'down') throw new HttpException({ status: 'error', details }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'ok', details };
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
