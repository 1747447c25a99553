import { mount } from 'svelte';
// The forum UI's design tokens first: launcher.css builds on them (one palette, light and dark).
import '../styles/tokens.css';
import './launcher.css';
import Launcher from './Launcher.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from launcher.html');
export default mount(Launcher, { target });
