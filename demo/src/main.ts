// Entry of the standalone page: the <gpt-chat> element (built into the page, so the page is self-contained
// static files) and the app shell around it.
import '../../src/widget/index.js';
import './page.css';
import { trackVisualViewport } from './viewport.js';
import './app.js';

trackVisualViewport();
