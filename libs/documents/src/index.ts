export * from './render';
export * from './notices';
export * from './issued';
