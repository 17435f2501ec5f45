export * from './period';
export * from './entitlement';
export * from './payment-run';
export * from './retroactive';
export * from './emergency-advance';
export * from './reconcile';
export * from './recovery';
