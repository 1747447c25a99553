import { mount } from 'svelte';
import Launcher from './Launcher.svelte';
import './launcher.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from launcher.html');
export default mount(Launcher, { target });
