/**
 * preloadRouteComponents(): the router's guard starts loading the page's lazy chunks before it awaits the session,
 * so a first visit of the case page fetches its chunks and /auth/me side by side (issue #16, case page ≤ 1 s).
 */
import { defineComponent, h } from 'vue';
import { isLazyComponent, preloadRouteComponents } from '../web/src/route-chunks';

describe('route chunks preloaded while the session is asked', () => {
  it('starts every lazy component of the matched records, once each, without waiting for it', () => {
    const asked: string[] = [];
    let resolvePage!: (m: unknown) => void;
    const page = () => {
      asked.push('CasePage');
      return new Promise((r) => (resolvePage = r));
    };
    const layout = () => {
      asked.push('Layout');
      return Promise.resolve({});
    };
    const started = preloadRouteComponents([{ components: { default: layout } }, { components: { default: page, aside: layout } }]);
    expect(started).toBe(3);
    expect(asked).toEqual(['Layout', 'CasePage', 'Layout']); // asked synchronously: before the guard awaits anything
    resolvePage({});
  });

  it('leaves component objects and functional components alone (they are not loaders)', () => {
    const objectComponent = defineComponent({ name: 'Plain', render: () => h('div') });
    const functional = Object.assign((props: { caseId: string }) => h('div', props.caseId), { props: ['caseId'] });
    expect(isLazyComponent(objectComponent)).toBe(false);
    expect(isLazyComponent(functional)).toBe(false);
    expect(isLazyComponent(() => Promise.resolve({}))).toBe(true);
    expect(preloadRouteComponents([{ components: { default: objectComponent } }, { components: { default: functional } }, { components: null }, {}])).toBe(0);
  });

  it('a chunk that fails to load is left to vue-router to report: the preload rejects nothing unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const failing = () => Promise.reject(new Error('chunk missing'));
      expect(preloadRouteComponents([{ components: { default: failing } }])).toBe(1);
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
