import { Module } from '@nestjs/common';
import { IntakePipelines } from '../commands/intake-pipelines';
import { IntakePersistenceModule } from '../read-models/intake-persistence.module';
import { AttachmentFiles, objectStorageProvider } from './attachment-storage';
import { AttachmentsController } from './attachments.controller';

/** Attachments of a case: upload (streamed, sniffed, limited), list, verified download. */
@Module({
  imports: [IntakePersistenceModule],
  controllers: [AttachmentsController],
  providers: [objectStorageProvider, AttachmentFiles, IntakePipelines],
  exports: [AttachmentFiles],
})
export class IntakeAttachmentsModule {}
