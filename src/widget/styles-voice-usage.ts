// Styles of the microphone button, its error line, the read-aloud button's pressed state and the usage line.
// Apart from styles.ts so those parts can be changed without touching the element's main sheet.
import { css } from 'lit';

export const voiceUsageStyles = css`
  .mic {
    flex: none;
    width: 40px;
    height: 40px;
    border-radius: 10px;
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_muted);
    display: grid;
    place-items: center;
    cursor: pointer;
  }
  .mic:hover {
    color: var(--_fg);
  }
  .mic[aria-pressed='true'] {
    background: var(--_error-bg);
    border-color: var(--_error-fg);
    color: var(--_error-fg);
    animation: gpt-chat-listening 1.2s ease-in-out infinite;
  }
  @keyframes gpt-chat-listening {
    50% {
      box-shadow: 0 0 0 4px color-mix(in srgb, var(--_error-fg) 25%, transparent);
    }
  }
  .mic-error {
    flex: none;
    margin: 0 12px 6px;
    font-size: 0.8125rem;
  }
  .actions .speak[aria-pressed='true'] {
    color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 14%, transparent);
  }
  .usage {
    font-size: 0.75rem;
    color: var(--_muted);
    margin-top: 2px;
    font-variant-numeric: tabular-nums;
  }
`;
