import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type InjectionToken,
  type OnApplicationBootstrap,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import type { EventRelay } from './relay/event-relay';
import type { InboxConsumer } from './inbox/inbox-consumer';

/** What a service runs: its relay(s) and its inbox consumer(s). */
export interface MessagingRuntime {
  relays: EventRelay<unknown>[];
  consumers: InboxConsumer<unknown>[];
}

export const MESSAGING_RUNTIME = Symbol('MESSAGING_RUNTIME');

/** Starts relays and consumers after bootstrap; stops consumers, then relays, on shutdown. */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(MESSAGING_RUNTIME) private readonly runtime: MessagingRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const relay of this.runtime.relays) await relay.start();
    for (const consumer of this.runtime.consumers) await consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.runtime.consumers.map((c) => c.stop()));
    await Promise.allSettled(this.runtime.relays.map((r) => r.stop()));
  }
}

export interface MessagingModuleOptions {
  imports?: DynamicModule['imports'];
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  /** Builds the service's relays and consumers from injected dependencies (pool, event store...). */
  useFactory: (...deps: never[]) => MessagingRuntime | Promise<MessagingRuntime>;
}

/**
 * Optional Nest wiring; the classes work without Nest. Needs `app.enableShutdownHooks()` for the
 * graceful stop on SIGTERM.
 */
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: options.imports ?? [],
      providers: [
        { provide: MESSAGING_RUNTIME, useFactory: options.useFactory, inject: options.inject ?? [] },
        MessagingLifecycle,
      ],
      exports: [MESSAGING_RUNTIME],
    };
  }
}
