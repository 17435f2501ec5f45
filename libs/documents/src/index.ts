export * from './render';
export * from './notices';
export * from './issued';
export * from './ledger-sink';
