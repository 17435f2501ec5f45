import { createRouter, createWebHistory } from 'vue-router';
import { useSession } from './stores/session';
import { preloadRouteComponents } from './route-chunks';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue'), meta: { title: '我的待办' } },
    // One route record for a new and a saved draft, so saving the new one keeps the page (and what was typed).
    { path: '/applications/new', redirect: '/applications/draft' },
    { path: '/applications/draft/:caseId?', name: 'application-edit', component: () => import('./pages/ApplicationPage.vue'), props: true, meta: { title: '一表申请' } },
    { path: '/cases/:caseId', name: 'case', component: () => import('./pages/CasePage.vue'), props: true, meta: { title: '案件' } },
    { path: '/disbursement', name: 'disbursement', component: () => import('./pages/DisbursementPage.vue'), meta: { title: '发放' } },
    { path: '/audit/:caseId?', name: 'audit', component: () => import('./pages/AuditPage.vue'), meta: { title: '审计' } },
    { path: '/follow-up/data-feeds', name: 'data-feeds', component: () => import('./pages/DataFeedImportPage.vue'), meta: { title: '数据比对导入' } },
    { path: '/follow-up', name: 'follow-up', component: () => import('./pages/FollowUpPage.vue'), meta: { title: '动态管理' } },
    { path: '/policies/impact', name: 'policy-impact', component: () => import('./pages/PolicyImpactPage.vue'), meta: { title: '影响测算' } },
    { path: '/policies', name: 'policies', component: () => import('./pages/PolicyPage.vue'), meta: { title: '政策' } },
    { path: '/statistics/caseload-import', name: 'caseload-import', component: () => import('./pages/CaseloadImportPage.vue'), meta: { title: '存量台账迁入' } },
    { path: '/statistics', name: 'statistics', component: () => import('./pages/StatisticsPage.vue'), meta: { title: '统计' } },
    { path: '/leads', name: 'leads', component: () => import('./pages/LeadsPage.vue'), meta: { title: '主动发现' } },
    { path: '/close-relatives', name: 'close-relatives', component: () => import('./pages/CloseRelativesPage.vue'), meta: { title: '近亲属备案' } },
    { path: '/verification/:caseId?', name: 'verification', component: () => import('./pages/VerificationPage.vue'), meta: { title: '核对' } },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  preloadRouteComponents(to.matched); // the page's chunks load while the session is asked, not after
  const me = await useSession().load();
  return me ? true : false;
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} · 社会救助工作台`;
});
