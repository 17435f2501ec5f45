import { createApp } from 'vue';
import { createPinia } from 'pinia';
import {
  ElAlert, ElButton, ElConfigProvider, ElContainer, ElDescriptions, ElDescriptionsItem, ElHeader, ElInput,
  ElLoading, ElMain, ElTable, ElTableColumn, ElTimeline, ElTimelineItem,
} from 'element-plus';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { router } from './router';

// Only the Element Plus components in use are registered, so the initial bundle stays in budget.
const app = createApp(App).use(createPinia()).use(router);
for (const c of [ElAlert, ElButton, ElConfigProvider, ElContainer, ElDescriptions, ElDescriptionsItem, ElHeader, ElInput, ElLoading, ElMain, ElTable, ElTableColumn, ElTimeline, ElTimelineItem]) app.use(c);
app.mount('#app');
