export * from './policy-line';
export * from './default-policy';
export * from './policy-impact';
export * from './redetermination-round';
