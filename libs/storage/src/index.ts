export * from './object-storage';
export * from './local-store';
export * from './s3-store';
export * from './sniff';
export * from './staging';
