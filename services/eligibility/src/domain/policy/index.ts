export * from './policy-version';
export * from './policy-amount';
export * from './validate-policy';
export * from './resolve-policy';
