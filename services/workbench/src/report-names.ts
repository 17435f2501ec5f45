/**
 * The audit service's printable case report names who acted by role and id only (it has no directory):
 * each actor is marked `<span class="actor" data-actor-id="…"><span class="role">…</span> <span
 * class="who">ID</span></span>`. The gateway, which knows the officers from the identity provider,
 * puts the officer's name in place of the id where the directory knows it; an unknown id stays.
 */
export interface NamedOfficer {
  id: string;
  name: string;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const ACTOR = /<span class="actor" data-actor-id="([^"<>]*)">(<span class="role">[^<]*<\/span>) <span class="who">[^<]*<\/span><\/span>/g;

/** The report with every known officer's name in place of their id. */
export function nameActors(html: string, officers: ReadonlyMap<string, NamedOfficer>): string {
  if (officers.size === 0) return html;
  return html.replace(ACTOR, (whole, escapedId: string, role: string) => {
    const id = escapedId.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const officer = officers.get(id);
    if (!officer) return whole;
    return `<span class="actor" data-actor-id="${escapedId}" title="${escapedId}">${role} <span class="who">${escapeHtml(officer.name)}</span></span>`;
  });
}

/** GET /api/audit/audit/cases/<id>/history?format=html — the printable report the gateway names. */
export function isCaseReport(method: string, pathname: string, search: URLSearchParams): boolean {
  return method === 'GET' && /^\/api\/audit\/audit\/cases\/[^/]+\/history$/.test(pathname) && search.get('format') === 'html';
}
