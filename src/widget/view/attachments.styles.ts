// Styles of the attachments view (view/attachments.ts): composer tray, thumbnails, file chips, the image dialog.
import { css } from 'lit';

export const attachmentStyles = css`
  .composer {
    flex-wrap: wrap;
  }
  .attach-tray {
    flex: 0 0 100%;
    display: grid;
    gap: 6px;
    min-width: 0;
  }
  .attach-tray[data-empty] {
    display: contents;
  }
  .attach-buttons {
    display: flex;
    align-self: flex-end;
    gap: 2px;
  }
  .attach-buttons .icon-button {
    width: 40px;
    height: 40px;
  }
  /* The camera opens the phone's camera; on a desktop the picker already covers it. */
  @media not (pointer: coarse) {
    .camera {
      display: none;
    }
  }
  .attachments {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .attachments.sent {
    justify-content: flex-end;
    margin-bottom: 4px;
  }
  .attachment {
    position: relative;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    max-width: 100%;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
    color: var(--_fg);
    font-size: 0.85em;
  }
  .attachment.file,
  .attachment.preparing {
    padding: 6px 8px;
    max-width: 260px;
  }
  .attachment.preparing {
    color: var(--_muted);
  }
  .attachment .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    min-width: 0;
  }
  .attachment .tokens {
    color: var(--_muted);
    white-space: nowrap;
  }
  .attachment .thumb {
    display: block;
    padding: 0;
    border: none;
    border-radius: 9px;
    background: var(--_code-bg);
    cursor: zoom-in;
    width: 64px;
    height: 64px;
    overflow: hidden;
  }
  .attachments.sent .thumb {
    width: 96px;
    height: 96px;
  }
  .attachment .thumb img {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .attachment .thumb:focus-visible,
  .attachment .remove:focus-visible {
    outline: none;
    box-shadow: var(--gpt-chat-focus-ring, 0 0 0 2px var(--_accent));
  }
  .attachment .remove {
    width: 24px;
    height: 24px;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: 50%;
    background: var(--_bg);
    color: var(--_fg);
    display: grid;
    place-items: center;
    cursor: pointer;
    flex: none;
  }
  .attachment .remove svg {
    width: 14px;
    height: 14px;
  }
  .attachment.image .remove {
    position: absolute;
    top: -8px;
    right: -8px;
  }
  .attach-notice {
    color: var(--_error-fg);
    background: var(--_error-bg);
    border-radius: 8px;
    padding: 6px 10px;
    font-size: 0.9em;
  }
  .attach-hint {
    color: var(--_muted);
    font-size: 0.8em;
  }
  .attach-hint.drop {
    color: var(--_accent);
    font-weight: 600;
  }
  .viewer {
    padding: 0;
    border: none;
    background: transparent;
    max-width: 96vw;
    max-height: 96vh;
    overflow: visible;
  }
  .viewer::backdrop {
    background: rgb(0 0 0 / 0.75);
  }
  .viewer img {
    display: block;
    max-width: 96vw;
    max-height: 90vh;
    width: auto;
    height: auto;
    border-radius: 8px;
  }
  .viewer .viewer-close {
    position: absolute;
    top: 8px;
    right: 8px;
    background: rgb(0 0 0 / 0.6);
    color: #fff;
  }
`;
