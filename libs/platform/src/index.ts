export * from './config';
export * from './platform.module';
export * from './bootstrap';
export * from './sample.controllers';
export * from './testing';
export * from './event-store';
export * from './edge';
export * from './input-guard';
