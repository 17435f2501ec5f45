/** A problem+json answer of the gateway or a service (kept apart from api.ts, which needs the browser: unit tests import this). */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[],
    readonly problem: Record<string, unknown>,
  ) {
    super(detail || title);
  }

  /** The errors of one field path, or of anything under it (`household.members[0]` covers its fields). */
  forField(path: string): string[] {
    return this.errors.filter((e) => e.field === path || e.field.startsWith(`${path}.`) || e.field.startsWith(`${path}[`)).map((e) => e.message);
  }
}
