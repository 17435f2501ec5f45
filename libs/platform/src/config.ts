import type { ConfigOf, ServiceConfigSpec } from '@sa/config';
import { Inject } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

/** The service's validated configuration (`ConfigOf<typeof <SVC>_CONFIG_SPEC>`). */
export const APP_CONFIG = Symbol('APP_CONFIG');
/** The service name, e.g. `follow-up`. */
export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** What the platform itself reads: the common variables every service spec contains. */
export type PlatformConfig = ConfigOf<ServiceConfigSpec>;

/** `constructor(@InjectConfig() private readonly config: IntakeConfig)` */
export const InjectConfig = () => Inject(APP_CONFIG);

/**
 * `@nestjs/config`'s `ConfigService` over the validated values (`ConfigService<XConfig, true>`, `get(name, { infer: true })`):
 * only what the spec validated, never a raw `process.env` string behind it.
 */
export function configServiceOver(config: object): ConfigService {
  const service = new ConfigService({ ...config });
  (service as unknown as { skipProcessEnv: boolean }).skipProcessEnv = true;
  return service;
}
