import { defineStore } from 'pinia';
import { request, signInUrl } from '../api';

export interface Me {
  sub: string;
  username: string;
  name: string;
  roles: string[];
  jurisdiction: string;
  expiresAt: string;
}

/** The signed-in officer (GET /auth/me); no session → sign-in, returning to the page asked for. */
export const useSession = defineStore('session', {
  state: () => ({ me: null as Me | null }),
  getters: {
    role: (s) => s.me?.roles.find((r) => r !== 'verification_platform') ?? '',
  },
  actions: {
    async load(): Promise<Me | null> {
      if (this.me) return this.me;
      const res = await fetch('/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (res.status === 401) {
        location.assign(signInUrl());
        return null;
      }
      this.me = (await res.json()) as Me;
      return this.me;
    },
    async logout() {
      await request('/auth/logout', { method: 'POST' }).catch(() => undefined);
      this.me = null;
      location.assign('/');
    },
  },
});
