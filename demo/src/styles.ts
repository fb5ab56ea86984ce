// Styles shared by the page's components (each has its own shadow root). Colours come from the theme tokens
// defined on :root in page.css, so every component follows light/dark without its own rules.
import { css } from 'lit';

export const shared = css`
  :host {
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--focus);
    outline-offset: 2px;
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
  .icon-btn {
    display: inline-grid;
    place-items: center;
    width: 40px;
    height: 40px;
    flex: none;
    border: 0;
    border-radius: 10px;
    background: transparent;
    color: var(--fg-muted);
    cursor: pointer;
  }
  .icon-btn:hover {
    background: var(--hover);
    color: var(--fg);
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 8px;
    min-height: 40px;
    padding: 0 14px;
    border: 1px solid var(--border);
    border-radius: 999px;
    background: var(--bg);
    color: var(--fg);
    cursor: pointer;
    font-size: 14px;
    white-space: nowrap;
  }
  .btn:hover {
    background: var(--hover);
  }
  .btn.primary {
    background: var(--primary-bg);
    color: var(--primary-fg);
    border-color: var(--primary-bg);
  }
  .btn.primary:hover {
    opacity: 0.88;
  }
  .btn.danger {
    color: var(--danger);
  }
  .btn:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .btn svg {
    width: 18px;
    height: 18px;
  }
  /* A <label class="btn file"> around a hidden file input (import dialogs). */
  .file {
    font-weight: 400;
  }
  .file:focus-within {
    outline: 2px solid var(--focus);
    outline-offset: 2px;
  }
  label {
    font-size: 14px;
    font-weight: 600;
  }
  .field {
    display: grid;
    gap: 6px;
    margin: 0 0 16px;
  }
  .hint {
    font-size: 13px;
    color: var(--fg-muted);
    font-weight: 400;
  }
  .error {
    font-size: 13px;
    color: var(--danger);
  }
  input[type='text'],
  input[type='password'],
  input[type='search'],
  input[type='url'],
  input[type='number'],
  select,
  textarea {
    width: 100%;
    min-height: 42px;
    padding: 8px 12px;
    border: 1px solid var(--border-strong);
    border-radius: 10px;
    background: var(--bg);
    /* 16px: iOS zooms into smaller inputs. */
    font-size: 16px;
  }
  textarea {
    resize: vertical;
    line-height: 1.5;
  }
  dialog {
    width: min(var(--dialog-width, 560px), calc(100vw - 24px));
    max-height: min(86dvh, 760px);
    padding: 0;
    border: 1px solid var(--border);
    border-radius: 18px;
    background: var(--bg-elevated);
    color: var(--fg);
    box-shadow: var(--shadow-lg);
    overflow: hidden;
  }
  dialog[open] {
    display: flex;
    flex-direction: column;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  .dialog-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 12px;
    padding: 14px 14px 10px 22px;
    border-bottom: 1px solid var(--border);
  }
  .dialog-head h2 {
    margin: 0;
    font-size: 18px;
    font-weight: 600;
  }
  .dialog-body {
    padding: 18px 22px;
    overflow: auto;
    overscroll-behavior: contain;
  }
  .dialog-foot {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 8px;
    padding: 12px 22px 16px;
    border-top: 1px solid var(--border);
  }
  @media (max-width: 520px) {
    dialog {
      width: 100vw;
      max-width: 100vw;
      max-height: 92dvh;
      margin: auto 0 0;
      border-radius: 18px 18px 0 0;
      padding-bottom: env(safe-area-inset-bottom);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;

/** A titled group in Settings (a fieldset and its legend) and its row of buttons: the dialog's and its sections'. */
export const settingsGroup = css`
      fieldset {
        margin: 0 0 16px;
        padding: 0;
        border: 0;
        min-width: 0;
      }
      legend {
        padding: 0;
        margin-bottom: 8px;
        font-size: 14px;
        font-weight: 600;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
`;
