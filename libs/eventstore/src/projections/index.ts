export * from './projection';
export * from './processor';
export * from './digest';
