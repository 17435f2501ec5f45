import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { CommandPipeline, EVENT_STORE, EVENT_ID_NAMESPACE, uuidV5, type EventStore } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import { LocalContentAddressedStore, OBJECT_STORAGE, S3ObjectStore, type ObjectStorage } from '@sa/storage';
import { CLOCK, shanghaiInstant, type Clock } from '@sa/time';
import { resolve } from 'node:path';
import { asHttpError } from '../commands/intake-pipelines';
import type { IntakeConfig } from '../config';
import { attachmentDecider, attachmentStreamId } from '../domain';

/** The object store named by INTAKE_ATTACHMENT_STORE (local content-addressed directory by default). */
export const objectStorageProvider = {
  provide: OBJECT_STORAGE,
  inject: [APP_CONFIG],
  useFactory: (c: IntakeConfig): ObjectStorage =>
    c.INTAKE_ATTACHMENT_STORE === 's3'
      ? new S3ObjectStore({
          ...(c.S3_ENDPOINT ? { endpoint: c.S3_ENDPOINT } : {}),
          region: c.S3_REGION,
          bucket: c.S3_BUCKET!,
          accessKeyId: c.S3_ACCESS_KEY_ID!,
          secretAccessKey: c.S3_SECRET_ACCESS_KEY!,
        })
      : new LocalContentAddressedStore(resolve(c.INTAKE_ATTACHMENT_DIR)),
};

/** The attachment decider on the command pipeline, and where uploads are staged. */
@Injectable()
export class AttachmentFiles implements OnModuleDestroy {
  readonly pipeline;
  /** Uploads are staged here (the local store's own staging directory, or one under INTAKE_ATTACHMENT_DIR). */
  readonly stagingDir: string;
  readonly maxBytes: number;
  readonly allowedMediaTypes: readonly string[];

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OBJECT_STORAGE) readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) config: IntakeConfig,
  ) {
    this.pipeline = new CommandPipeline({ store, decider: attachmentDecider, streamId: attachmentStreamId, now: () => shanghaiInstant(clock.now()), mapError: asHttpError });
    this.stagingDir = storage instanceof LocalContentAddressedStore ? storage.stagingDir : resolve(config.INTAKE_ATTACHMENT_DIR, '.staging');
    this.maxBytes = config.INTAKE_ATTACHMENT_MAX_BYTES;
    this.allowedMediaTypes = config.INTAKE_ATTACHMENT_TYPES;
  }

  now(): string {
    return shanghaiInstant(this.clock.now());
  }

  /** Same case, bytes, kind and item → same command id, so a retried or concurrent upload appends once. */
  commandIdOf(caseId: string, digest: string, kind: string, itemKey: string | null): string {
    return uuidV5(`attachment/${caseId}/${kind}/${itemKey ?? ''}/${digest}`, EVENT_ID_NAMESPACE);
  }

  onModuleDestroy(): void {
    if (this.storage instanceof S3ObjectStore) this.storage.destroy();
  }
}
