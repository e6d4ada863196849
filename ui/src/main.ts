// Entry point: mounts the Svelte app into #app (replacing the splash logo).
import { mount } from 'svelte';

import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
target.replaceChildren();

const app = mount(App, { target });

export default app;
