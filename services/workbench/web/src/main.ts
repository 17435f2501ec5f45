import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { router } from './router';

// Element Plus is not registered globally: every component (App.vue and each page) imports the
// Element Plus components it uses from `element-plus/es/components/<name>/index.mjs`, so a page's
// components load with the page (routes are lazy) and the initial JavaScript stays small.
createApp(App).use(createPinia()).use(router).mount('#app');
