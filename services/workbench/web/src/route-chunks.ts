/**
 * A route's page chunks, asked for while the router's guard awaits the session (GET /auth/me). vue-router fetches
 * a lazy route component only after the global `beforeEach` guards: a first visit paid the session's round trip and
 * then the page's chunks one after the other (issue #16: the case page interactive within 1 s).
 */

/** A route's `() => import(...)` (not a component object, not a functional component: those take props). */
export function isLazyComponent(component: unknown): component is () => Promise<unknown> {
  return typeof component === 'function' && component.length === 0 && !('props' in component) && !('displayName' in component);
}

/**
 * Starts loading the lazy components of the matched route records; returns how many it started. vue-router loads
 * (and reports a failure of) each again itself: the module is then cached, so nothing is fetched twice.
 */
export function preloadRouteComponents(matched: ReadonlyArray<{ components?: Record<string, unknown> | null }>): number {
  let started = 0;
  for (const record of matched) {
    for (const component of Object.values(record.components ?? {})) {
      if (!isLazyComponent(component)) continue;
      started++;
      void component().catch(() => undefined);
    }
  }
  return started;
}
