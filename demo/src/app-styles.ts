// Layout of the page shell: sidebar (a drawer below 768px), top bar, the chat stage, toasts and warnings.
import { css } from 'lit';
import { shared } from './styles.js';

export const appStyles = [
  shared,
  css`
    :host {
      display: block;
      height: 100%;
      overflow: hidden;
    }
    .boot {
      display: grid;
      place-items: center;
      height: 100%;
      color: var(--fg-muted);
    }
    .shell {
      position: relative;
      display: flex;
      height: 100%;
      overflow: hidden;
    }
    .side {
      flex: none;
      width: var(--sidebar-width);
      height: 100%;
      border-right: 1px solid var(--border);
      transition: margin-left 0.2s ease, transform 0.2s ease;
    }
    .wide.collapsed .side {
      margin-left: calc(-1 * var(--sidebar-width));
    }
    .narrow .side {
      position: absolute;
      z-index: 20;
      top: 0;
      left: 0;
      bottom: 0;
      width: min(var(--sidebar-width), 86vw);
      height: 100%;
      transform: translateX(-105%);
      box-shadow: none;
    }
    .narrow.drawer-open .side {
      transform: none;
      box-shadow: var(--shadow-lg);
    }
    .scrim {
      position: absolute;
      inset: 0;
      z-index: 10;
      background: rgb(0 0 0 / 0.4);
    }
    .main {
      flex: 1;
      min-width: 0;
      display: flex;
      flex-direction: column;
      height: 100%;
      background: var(--bg);
    }
    .bar {
      display: flex;
      align-items: center;
      gap: 4px;
      min-height: 56px;
      padding: env(safe-area-inset-top) calc(8px + env(safe-area-inset-right)) 0 calc(8px + env(safe-area-inset-left));
      flex: none;
    }
    .model {
      position: relative;
      display: flex;
      align-items: center;
      min-width: 0;
      flex: 0 1 auto;
    }
    .model select {
      appearance: none;
      min-height: 40px;
      max-width: 100%;
      padding: 0 34px 0 12px;
      border: 0;
      border-radius: 10px;
      background: transparent;
      font-size: 17px;
      font-weight: 600;
      cursor: pointer;
      text-overflow: ellipsis;
    }
    .model select:hover {
      background: var(--hover);
    }
    .model input {
      min-height: 40px;
      width: min(16rem, 50vw);
      padding: 0 12px;
      border: 1px solid var(--border);
      border-radius: 10px;
      background: transparent;
      color: inherit;
      font: inherit;
      font-size: 16px;
      font-weight: 600;
    }
    .model svg {
      position: absolute;
      right: 10px;
      pointer-events: none;
      color: var(--fg-muted);
      width: 16px;
      height: 16px;
    }
    .chat-title {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
      text-align: center;
      color: var(--fg-muted);
      font-size: 14px;
      padding: 0 8px;
    }
    .usage-total {
      flex: none;
      font-size: 12px;
      color: var(--fg-muted);
      font-variant-numeric: tabular-nums;
      padding: 0 8px;
      white-space: nowrap;
    }
    .persona-chip {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      min-height: 36px;
      max-width: 220px;
      padding: 0 10px;
      border: 1px solid var(--border);
      border-radius: 999px;
      background: var(--bg);
      cursor: pointer;
      font-size: 14px;
      flex: none;
    }
    .persona-chip:hover {
      background: var(--hover);
    }
    .persona-chip svg {
      width: 16px;
      height: 16px;
      color: var(--fg-muted);
    }
    .persona-name {
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
      max-width: 140px;
    }
    @media (max-width: 520px) {
      .chat-title,
      .usage-total {
        display: none;
      }
      .model {
        margin-right: auto;
      }
      .persona-name {
        display: none;
      }
    }
    .warning {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin: 0 12px 8px;
      padding: 10px 12px;
      border-radius: 12px;
      background: var(--warning-bg);
      color: var(--warning-fg);
      font-size: 14px;
    }
    .warning svg {
      flex: none;
    }
    .warning span {
      flex: 1 1 240px;
    }
    .btn.small {
      min-height: 32px;
      padding: 0 12px;
      font-size: 13px;
    }
    .stage {
      position: relative;
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
    }
    gpt-chat {
      flex: 1 1 auto;
      min-height: 0;
      width: 100%;
      --gpt-chat-min-height: 0;
      --gpt-chat-radius: 0;
      --gpt-chat-border: var(--border);
      --gpt-chat-muted: var(--fg-muted);
      --gpt-chat-accent-fg: var(--primary-fg);
      --gpt-chat-font-size: 16px;
      --gpt-chat-user-bg: var(--user-bubble);
      --gpt-chat-code-bg: var(--code-bg);
    }
    gpt-chat::part(panel) {
      border: 0;
      border-radius: 0;
    }
    /* ChatGPT-like reading column: conversation and composer centred, at most 768px wide. */
    gpt-chat::part(log) {
      padding-inline: max(16px, calc((100% - 768px) / 2));
    }
    gpt-chat::part(composer) {
      align-items: flex-end;
      padding: 6px max(12px, calc((100% - 768px) / 2)) calc(12px + env(safe-area-inset-bottom));
      border-top: 0;
    }
    gpt-chat::part(mic-error) {
      margin-inline: max(12px, calc((100% - 768px) / 2));
    }
    gpt-chat::part(input) {
      min-height: 52px;
      padding: 13px 18px;
      border-radius: 26px;
      border-color: var(--border-strong);
      background: var(--composer-bg);
      box-shadow: 0 1px 6px rgb(0 0 0 / 0.06);
    }
    gpt-chat::part(send),
    gpt-chat::part(stop),
    gpt-chat::part(mic) {
      width: 44px;
      height: 44px;
      margin-bottom: 4px;
      border-radius: 50%;
    }
    .stage.empty gpt-chat-persona-picker {
      flex: 1 1 auto;
      min-height: 0;
      overflow-y: auto;
      overscroll-behavior: contain;
    }
    .stage.empty gpt-chat {
      flex: 0 0 auto;
      height: auto;
    }
    .stage.empty gpt-chat::part(log) {
      display: none;
    }
    .toast-region {
      position: fixed;
      z-index: 30;
      left: 50%;
      bottom: calc(96px + env(safe-area-inset-bottom));
      transform: translateX(-50%);
      width: max-content;
      max-width: calc(100vw - 24px);
      pointer-events: none;
    }
    .toast {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 6px 6px 6px 16px;
      border-radius: 12px;
      background: var(--primary-bg);
      color: var(--primary-fg);
      box-shadow: var(--shadow-lg);
      font-size: 14px;
      pointer-events: auto;
    }
    .toast-action {
      min-height: 32px;
      padding: 0 10px;
      border: 0;
      border-radius: 8px;
      background: transparent;
      color: inherit;
      font-weight: 700;
      text-decoration: underline;
      cursor: pointer;
    }
    .toast .icon-btn {
      width: 32px;
      height: 32px;
      color: inherit;
    }
    .toast .icon-btn:hover {
      background: rgb(127 127 127 / 0.25);
    }
  `,
];
