/** A refusal from a decider (any DomainError shape): an expected outcome for a worker, not a fault. */
export function isDomainErrorLike(err: unknown): err is Error & { code: string } {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && ('kind' in err || 'isDomainError' in err);
}
