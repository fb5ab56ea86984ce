// The element's shadow styles. Public knobs are --gpt-chat-* custom properties (documented on the class);
// internal --_* variables resolve them with light/dark defaults, so a page can override one colour
// without restating a whole theme.
import { css, unsafeCSS } from 'lit';
import { PHONE_QUERY } from './controllers/viewport-controller.js';

/** The dark theme's palette: theme="dark", and theme="auto" where the host page or the system is dark. */
const darkPalette = css`
--_accent: var(--gpt-chat-accent, #6ea8fe);
--_accent-fg: var(--gpt-chat-accent-fg, #0b1220);
--_bg: var(--gpt-chat-bg, #1b1d21);
--_fg: var(--gpt-chat-fg, #e6e8eb);
--_muted: var(--gpt-chat-muted, #a7adb7);
--_border: var(--gpt-chat-border, #3a3f47);
--_user-bg: var(--gpt-chat-user-bg, #263248);
--_code-bg: var(--gpt-chat-code-bg, #0f1216);
--_error-bg: var(--gpt-chat-error-bg, #3b1a1c);
--_error-fg: var(--gpt-chat-error-fg, #ffb4ae);
--_warn-bg: var(--gpt-chat-warning-bg, #3a3119);
--_hl-keyword: #ff7b72;
--_hl-string: #a5d6ff;
--_hl-comment: #9aa4ae;
--_hl-title: #d2a8ff;
--_hl-number: #79c0ff;
--_hl-builtin: #ffa657;
color-scheme: dark;
`;

export const styles = css`
  :host {
    --_accent: var(--gpt-chat-accent, #2563eb);
    --_accent-fg: var(--gpt-chat-accent-fg, #ffffff);
    --_bg: var(--gpt-chat-bg, #ffffff);
    --_fg: var(--gpt-chat-fg, #1f2328);
    --_muted: var(--gpt-chat-muted, #59636e);
    --_border: var(--gpt-chat-border, #d1d9e0);
    --_user-bg: var(--gpt-chat-user-bg, #eef3fe);
    --_user-fg: var(--gpt-chat-user-fg, var(--_fg));
    --_assistant-bg: var(--gpt-chat-assistant-bg, transparent);
    --_code-bg: var(--gpt-chat-code-bg, #f6f8fa);
    --_error-bg: var(--gpt-chat-error-bg, #fff1f0);
    --_error-fg: var(--gpt-chat-error-fg, #a4161a);
    --_warn-bg: var(--gpt-chat-warning-bg, #fff8e1);
    --_font: var(--gpt-chat-font, system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB',
          'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif);
    --_mono: var(--gpt-chat-mono-font, ui-monospace, SFMono-Regular, Menlo, Consolas, 'Noto Sans Mono CJK SC', monospace);
    --_radius: var(--gpt-chat-radius, 12px);
    --_shadow: var(--gpt-chat-shadow, 0 12px 40px rgb(0 0 0 / 0.18));
    --_focus: var(--gpt-chat-focus-ring, 0 0 0 2px var(--_bg), 0 0 0 4px var(--_accent));
    --_hl-keyword: #cf222e;
    --_hl-string: #0a3069;
    --_hl-comment: #57606a;
    --_hl-title: #8250df;
    --_hl-number: #0550ae;
    --_hl-builtin: #953800;
    display: block;
    box-sizing: border-box;
    color: var(--_fg);
    font-family: var(--_font);
    font-size: var(--gpt-chat-font-size, 15px);
    line-height: 1.6;
    color-scheme: light;
  }
  /* data-scheme is set by ColorSchemeController for theme="auto". */
  :host([theme='dark']),
  :host([data-scheme='dark']:not([theme='light'])) {
    ${darkPalette}
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  /* ---------- inline mode: fill the box the page gives us ---------- */
  :host(:not([mode='launcher'])) {
    height: 100%;
    min-height: var(--gpt-chat-min-height, 22rem);
  }
  .panel {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
    background: var(--_bg);
    color: var(--_fg);
    /* Set here, not only inherited from :host: a page rule like * { font-family: … !important } reaches the host. */
    font-family: var(--_font);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }

  /* ---------- launcher mode: a floating button that opens a panel ---------- */
  .launcher {
    position: fixed;
    right: calc(var(--gpt-chat-launcher-right, 20px) + env(safe-area-inset-right, 0px));
    bottom: calc(var(--gpt-chat-launcher-bottom, 20px) + env(safe-area-inset-bottom, 0px));
    z-index: var(--gpt-chat-z-index, 2147483000);
    width: var(--gpt-chat-launcher-size, 56px);
    height: var(--gpt-chat-launcher-size, 56px);
    border-radius: 50%;
    border: none;
    background: var(--_accent);
    color: var(--_accent-fg);
    box-shadow: var(--_shadow);
    display: grid;
    font-family: var(--_font);
    place-items: center;
    cursor: pointer;
    transition: transform 0.15s ease;
  }
  .launcher:hover {
    transform: scale(1.05);
  }
  .launcher svg {
    width: 26px;
    height: 26px;
  }
  :host([mode='launcher']) .panel {
    position: fixed;
    right: calc(var(--gpt-chat-launcher-right, 20px) + env(safe-area-inset-right, 0px));
    bottom: calc(
      var(--gpt-chat-launcher-bottom, 20px) + var(--gpt-chat-launcher-size, 56px) + 12px + env(safe-area-inset-bottom, 0px)
    );
    z-index: var(--gpt-chat-z-index, 2147483000);
    width: min(var(--gpt-chat-panel-width, 400px), calc(100vw - 32px));
    height: min(var(--gpt-chat-panel-height, 600px), calc(100dvh - 120px));
    box-shadow: var(--_shadow);
    animation: gpt-chat-pop 0.16s ease-out;
  }
  :host([mode='launcher']:not([open])) .panel {
    display: none;
  }
  @keyframes gpt-chat-pop {
    from {
      opacity: 0;
      transform: translateY(8px);
    }
  }
  /* Narrow screens: the panel takes the whole (visual) viewport, inside the safe areas. */
  @media ${unsafeCSS(PHONE_QUERY)} {
    :host([mode='launcher']) .panel {
      inset: var(--_vvtop, 0px) 0 auto 0;
      width: 100vw;
      height: 100vh;
      height: var(--_vvh, 100dvh);
      border-radius: 0;
      border: none;
      padding: env(safe-area-inset-top, 0px) env(safe-area-inset-right, 0px) env(safe-area-inset-bottom, 0px)
        env(safe-area-inset-left, 0px);
    }
    :host([mode='launcher'][open]) .launcher {
      display: none;
    }
  }

  /* ---------- header ---------- */
  header {
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 8px 8px 8px 16px;
    border-bottom: 1px solid var(--_border);
    flex: none;
  }
  :host([no-header]) header {
    display: none;
  }
  header h2 {
    flex: 1;
    margin: 0;
    font-size: 1rem;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  /* ---------- buttons ---------- */
  button {
    font: inherit;
    color: inherit;
  }
  .icon-button {
    display: inline-grid;
    place-items: center;
    min-width: 32px;
    height: 32px;
    padding: 0 6px;
    border: none;
    border-radius: 8px;
    background: transparent;
    color: var(--_muted);
    cursor: pointer;
  }
  .icon-button:hover {
    background: color-mix(in srgb, var(--_fg) 8%, transparent);
    color: var(--_fg);
  }
  .text-button {
    border: 1px solid var(--_border);
    background: var(--_bg);
    border-radius: 8px;
    padding: 4px 12px;
    cursor: pointer;
    font-size: 0.875rem;
  }
  .text-button:disabled {
    cursor: default;
    opacity: 0.6;
    /* "Retry in 9 s" and "Retry in 10 s" keep the button one width. */
    font-variant-numeric: tabular-nums;
  }
  .text-button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  :focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }

  /* ---------- log and messages ---------- */
  /* Positions the jump button over the log's lower edge without it scrolling away with the messages. */
  .log-wrap {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .jump {
    position: absolute;
    left: 50%;
    bottom: 12px;
    transform: translateX(-50%);
    width: 36px;
    height: 36px;
    border-radius: 50%;
    /* Raised above the text it floats over, in dark themes too (where the page's own border barely shows). */
    border: 1px solid color-mix(in srgb, var(--_fg) 40%, var(--_bg));
    background: color-mix(in srgb, var(--_fg) 12%, var(--_bg));
    color: var(--_fg);
    box-shadow: 0 2px 10px rgb(0 0 0 / 0.3);
    display: grid;
    place-items: center;
    cursor: pointer;
  }
  .jump:hover {
    background: color-mix(in srgb, var(--_fg) 20%, var(--_bg));
  }
  .log {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 16px;
    display: flex;
    flex-direction: column;
    gap: 16px;
  }
  /* Above the oldest rendered message of a long chat (view/message-window.ts): reaching it renders more. */
  .more {
    flex: none;
    min-height: 1px;
  }
  .msg {
    display: flex;
    flex-direction: column;
    max-width: 100%;
    min-width: 0;
  }
  .msg.user {
    align-items: flex-end;
  }
  .bubble {
    max-width: 100%;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .user .bubble {
    background: var(--_user-bg);
    color: var(--_user-fg);
    padding: 8px 14px;
    border-radius: var(--_radius);
    border-bottom-right-radius: 4px;
    white-space: pre-wrap;
    max-width: 85%;
  }
  .assistant .bubble {
    background: var(--_assistant-bg);
    width: 100%;
  }
  .actions {
    display: flex;
    gap: 2px;
    margin-top: 2px;
  }
  .actions .icon-button {
    min-width: 28px;
    height: 28px;
  }
  .versions {
    display: inline-flex;
    align-items: center;
    font-size: 0.8125rem;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .versions .icon-button:disabled {
    opacity: 0.4;
    cursor: default;
    background: transparent;
  }
  .status {
    font-size: 0.8125rem;
    color: var(--_muted);
    display: flex;
    align-items: center;
    gap: 8px;
    flex-wrap: wrap;
    margin-top: 4px;
  }
  .typing::after {
    content: '';
    display: inline-block;
    width: 6px;
    height: 1em;
    vertical-align: text-bottom;
    background: currentColor;
    animation: gpt-chat-blink 1s steps(2) infinite;
  }
  @keyframes gpt-chat-blink {
    50% {
      opacity: 0;
    }
  }
  /* A caret after the growing text while a reply streams. The tags name what a reply's top-level blocks are:
     a bare :last-child would make the end of the stream restyle every element of the reply (KaTeX's spans too). */
  .msg.assistant[data-status='streaming']
    .md
    > :is(p, h1, h2, h3, h4, h5, h6, ul, ol, blockquote, div, pre, table, hr, section, dl, details):last-child::after {
    content: '';
    display: inline-block;
    width: 0.5em;
    height: 1em;
    margin-left: 2px;
    vertical-align: text-bottom;
    background: var(--_muted);
    animation: gpt-chat-blink 1s steps(2) infinite;
  }
  /* While the reader types, the caret holds still (view/message-bodies.ts): a blinking one needs every frame. */
  .msg.assistant[data-status='streaming']
    .md.still
    > :is(p, h1, h2, h3, h4, h5, h6, ul, ol, blockquote, div, pre, table, hr, section, dl, details):last-child::after {
    animation: none;
  }
  .marker {
    align-self: center;
    font-size: 0.8125rem;
    color: var(--_muted);
    border-top: 1px dashed var(--_border);
    padding-top: 4px;
    text-align: center;
  }
  details.thinking {
    border-left: 3px solid var(--_border);
    padding: 2px 0 2px 10px;
    margin-bottom: 8px;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  details.thinking summary {
    cursor: pointer;
    width: fit-content;
    border-radius: 4px;
  }
  .thinking-text {
    white-space: pre-wrap;
    margin-top: 4px;
  }
  .edit textarea {
    width: 100%;
    min-width: min(20rem, 70vw);
    font: inherit;
    font-size: max(16px, 1em);
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 8px;
    resize: vertical;
  }
  .edit .row {
    display: flex;
    gap: 8px;
    justify-content: flex-end;
    margin-top: 6px;
  }

  /* ---------- notices (errors, quota) ---------- */
  .notice {
    border-radius: 8px;
    padding: 10px 12px;
    font-size: 0.875rem;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .notice.error {
    background: var(--_error-bg);
    color: var(--_error-fg);
  }
  .notice.warning {
    background: var(--_warn-bg);
    margin: 0 16px 8px;
    flex: none;
  }
  .notice .row {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
    align-items: center;
  }
  .notice .text-button:not(.primary) {
    color: var(--_fg);
  }
  .notice input {
    font: inherit;
    font-size: 16px;
    padding: 4px 8px;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_bg);
    color: var(--_fg);
    min-width: 0;
    flex: 1;
  }

  /* ---------- composer ---------- */
  .composer {
    flex: none;
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding: 10px 12px;
    border-top: 1px solid var(--_border);
    background: var(--_bg);
  }
  .composer textarea {
    flex: 1;
    min-width: 0;
    resize: none;
    border: 1px solid var(--_border);
    border-radius: 10px;
    padding: 8px 12px;
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
    /* 16px minimum: iOS Safari zooms into smaller inputs (we never disable pinch-zoom instead). */
    font-size: max(16px, 1em);
    line-height: 1.4;
    max-height: 12em;
    field-sizing: content;
    min-height: 40px;
  }
  .composer textarea::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  .composer textarea:focus-visible {
    border-color: var(--_accent);
  }
  .send,
  .stop {
    flex: none;
    width: 40px;
    height: 40px;
    border-radius: 10px;
    border: none;
    display: grid;
    place-items: center;
    cursor: pointer;
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .stop {
    background: var(--_fg);
    color: var(--_bg);
  }
  .send:disabled {
    cursor: default;
    background: color-mix(in srgb, var(--_accent) 45%, var(--_bg));
  }

  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  /* ---------- rendered Markdown ---------- */
  /* Model output stays inside its message: paint containment clips it and is the containing block for a
     position:fixed/absolute it could borrow from this stylesheet (class="launcher"); a too-wide raw HTML
     table or image scrolls instead of spilling over the log. */
  .md {
    contain: paint;
    overflow-x: auto;
  }
  .md.plain {
    white-space: pre-wrap;
  }
  /* A block too costly for Markdown (markdown/guard.ts) is its source as text, in pieces (markdown/plain.ts):
     the browser lays out only the pieces near the viewport, each off-screen piece stands in at its last
     rendered height (or 40 lines, the most a piece holds) — a 3,000-row table no longer costs a 15–25 ms
     layout per streamed frame. Long unbroken runs wrap instead of widening the message. */
  .md .md-plain {
    margin: 0 0 0.75em;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .md .md-plain > p {
    margin: 0;
    content-visibility: auto;
    contain-intrinsic-block-size: auto 64em;
    contain-intrinsic-block-size: auto 40lh;
  }
  .md > :first-child {
    margin-top: 0;
  }
  .md > :last-child {
    margin-bottom: 0;
  }
  .md p,
  .md ul,
  .md ol,
  .md blockquote,
  .md table,
  .md pre {
    margin: 0 0 0.75em;
  }
  .md h1,
  .md h2,
  .md h3,
  .md h4 {
    margin: 1em 0 0.5em;
    line-height: 1.3;
  }
  .md h1 {
    font-size: 1.35em;
  }
  .md h2 {
    font-size: 1.2em;
  }
  .md h3,
  .md h4 {
    font-size: 1.05em;
  }
  .md ul,
  .md ol {
    padding-left: 1.5em;
  }
  .md a {
    color: var(--_accent);
    text-decoration: underline;
  }
  .md blockquote {
    border-left: 3px solid var(--_border);
    padding-left: 12px;
    color: var(--_muted);
  }
  /* Each line of a quote keeps its break, as GitHub shows a quoted message or a poem: the soft line breaks
     marked leaves in the text show as breaks (spaces still collapse), with no <br> in the DOM. */
  .md blockquote p {
    white-space: pre-line;
  }
  .md code {
    font-family: var(--_mono);
    font-size: 0.9em;
    background: var(--_code-bg);
    padding: 0.1em 0.35em;
    border-radius: 4px;
  }
  .md pre {
    background: var(--_code-bg);
    border: 1px solid var(--_border);
    border-radius: 8px;
    overflow: hidden;
    position: relative;
  }
  .md pre code {
    display: block;
    padding: 12px;
    overflow-x: auto;
    background: none;
    font-size: 0.8125rem;
    line-height: 1.5;
    white-space: pre;
  }
  .md .code-block,
  .md [data-code-block] {
    margin: 0 0 0.75em;
    border: 1px solid var(--_border);
    border-radius: 8px;
    overflow: hidden;
    background: var(--_code-bg);
  }
  .md .code-block pre,
  .md [data-code-block] pre {
    margin: 0;
    border: none;
    border-radius: 0;
  }
  .md .code-header,
  .md .code-block > header,
  .md [data-code-block] > header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 2px 4px 2px 12px;
    font-size: 0.75rem;
    color: var(--_muted);
    border-bottom: 1px solid var(--_border);
  }
  .md button[data-copy] {
    border: none;
    background: transparent;
    color: var(--_muted);
    font-size: 0.75rem;
    padding: 4px 8px;
    border-radius: 6px;
    cursor: pointer;
  }
  .md pre > button[data-copy] {
    position: absolute;
    top: 4px;
    right: 4px;
    background: var(--_code-bg);
  }
  .md button[data-copy]:hover {
    color: var(--_fg);
  }
  /* Formulas (markdown/math.ts): the source shows until KaTeX's chunk arrives; a wide display formula scrolls
     sideways inside its own box, and nothing KaTeX draws can paint outside it. */
  .md .math-display {
    margin: 0 0 0.75em;
    overflow-x: auto;
    overflow-y: hidden;
    padding: 2px 0;
  }
  .md .math-display > .katex-display {
    margin: 0;
  }
  /* $$…$$ written inside a sentence: displayed, still inside its paragraph. */
  .md .math-wide {
    display: block;
    overflow-x: auto;
    overflow-y: hidden;
  }
  .md .math-error {
    font-family: var(--_mono);
    font-size: 0.875em;
    color: var(--_error-fg);
    overflow-wrap: anywhere;
  }
  .md .math-error-text {
    font-family: var(--_font);
    color: var(--_muted);
  }
  /* Mermaid diagrams (markdown/mermaid.ts): drawn inside the code block, the code one click away. */
  .md .diagram {
    background: var(--_bg);
  }
  .md .diagram[hidden] {
    display: none;
  }
  .md .diagram-toggle {
    margin-inline-start: auto;
    border: none;
    background: transparent;
    color: var(--_muted);
    font: inherit;
    padding: 4px 8px;
    border-radius: 6px;
    cursor: pointer;
  }
  .md .diagram-toggle:hover {
    color: var(--_fg);
  }
  .md .diagram-toggle:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  .md .diagram-error {
    margin: 0;
    padding: 6px 12px;
    font-size: 0.8125rem;
    color: var(--_error-fg);
    background: var(--_error-bg);
    border-top: 1px solid var(--_border);
  }
  .md .table-scroll {
    overflow-x: auto;
    margin: 0 0 0.75em;
  }
  .md table {
    border-collapse: collapse;
    font-size: 0.875rem;
  }
  .md th,
  .md td {
    border: 1px solid var(--_border);
    padding: 4px 10px;
    text-align: start;
    /* The bubble's overflow-wrap: anywhere would let a narrow screen squeeze columns by breaking words
       ("Langu-age"); whole words make the table wider and .table-scroll scrolls it sideways instead. */
    overflow-wrap: break-word;
  }
  .md th {
    word-break: keep-all;
  }
  /* A column's alignment from the delimiter row (:--, :-:, --:), which marked writes as align="…". */
  .md th[align='center'],
  .md td[align='center'] {
    text-align: center;
  }
  .md th[align='right'],
  .md td[align='right'] {
    text-align: right;
  }
  .md th[align='left'],
  .md td[align='left'] {
    text-align: left;
  }
  .md img {
    max-width: 100%;
  }
  /* Footnotes (markdown/footnotes.ts): small and muted, set off from the reply by a rule above the first. */
  .md .footnote-ref a {
    text-decoration: none;
    padding: 0 0.1em;
  }
  .md .footnote {
    font-size: 0.8125rem;
    color: var(--_muted);
    margin: 0 0 0.25em;
  }
  .md :not(.footnote) + .footnote {
    border-top: 1px solid var(--_border);
    margin-top: 1em;
    padding-top: 0.5em;
  }
  .md .footnote-back {
    text-decoration: none;
  }
  /* An image that waits for a click (markdown/images.ts): a box naming the host, with the alt text below. */
  .md .image-load,
  .md .image-blocked {
    display: inline-flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 2px;
    max-width: 100%;
    margin: 2px 0;
    padding: 8px 12px;
    border: 1px dashed var(--_border);
    border-radius: 8px;
    background: var(--_code-bg);
    color: var(--_fg);
    font: inherit;
    font-size: 0.8125rem;
    text-align: start;
    vertical-align: middle;
    overflow-wrap: anywhere;
  }
  .md .image-load {
    cursor: pointer;
  }
  .md .image-load:hover {
    border-color: var(--_accent);
  }
  .md .image-load:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  .md .image-load .image-host {
    color: var(--_accent);
  }
  .md .image-blocked .image-host,
  .md .image-alt {
    color: var(--_muted);
  }
  .md li:has(> .task-box),
  .md li:has(> p > .task-box) {
    list-style: none;
  }
  .md hr {
    border: none;
    border-top: 1px solid var(--_border);
  }
  .hljs {
    color: var(--_fg);
  }
  .hljs-keyword,
  .hljs-selector-tag,
  .hljs-meta .hljs-keyword,
  .hljs-doctag,
  .hljs-template-tag,
  .hljs-type {
    color: var(--_hl-keyword);
  }
  .hljs-string,
  .hljs-regexp,
  .hljs-meta .hljs-string,
  .hljs-attr {
    color: var(--_hl-string);
  }
  .hljs-comment,
  .hljs-quote,
  .hljs-code {
    color: var(--_hl-comment);
    font-style: italic;
  }
  .hljs-title,
  .hljs-section,
  .hljs-name,
  .hljs-selector-id,
  .hljs-selector-class {
    color: var(--_hl-title);
  }
  .hljs-number,
  .hljs-literal,
  .hljs-variable,
  .hljs-symbol,
  .hljs-attribute,
  .hljs-bullet,
  .hljs-link {
    color: var(--_hl-number);
  }
  .hljs-built_in,
  .hljs-params,
  .hljs-meta,
  .hljs-subst {
    color: var(--_hl-builtin);
  }
  .hljs-emphasis {
    font-style: italic;
  }
  .hljs-strong {
    font-weight: 700;
  }
  .hljs-addition {
    color: #1a7f37;
  }
  .hljs-deletion {
    color: var(--_hl-keyword);
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
  }
`;
