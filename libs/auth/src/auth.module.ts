import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { type JwtOptions, createTokenVerifier } from './jwt';

export interface AuthModuleAsyncOptions {
  imports?: DynamicModule['imports'];
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  useFactory: (...args: never[]) => JwtOptions | Promise<JwtOptions>;
}

/** Global JWT authentication, role and jurisdiction checks (see AuthGuard). */
@Module({})
export class AuthModule {
  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    return {
      module: AuthModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: TOKEN_VERIFIER,
          inject: options.inject ?? [],
          useFactory: async (...args: unknown[]) => createTokenVerifier(await options.useFactory(...(args as never[]))),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TOKEN_VERIFIER],
    };
  }
}
