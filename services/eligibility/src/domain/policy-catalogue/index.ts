export * from './policy-line';
export * from './default-policy';
