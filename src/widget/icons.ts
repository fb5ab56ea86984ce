// Inline SVG icons (no icon font, no network). All are decorative: the button around them carries the label.
import { svg } from 'lit';

const icon = (path: ReturnType<typeof svg>) =>
  svg`<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" fill="none"
    stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${path}</svg>`;

export const sendIcon = icon(svg`<path d="M5 12h14M13 6l6 6-6 6"/>`);
export const stopIcon = icon(svg`<rect x="7" y="7" width="10" height="10" rx="1.5" fill="currentColor"/>`);
export const chatIcon = icon(svg`<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1.1-4.6A8 8 0 1 1 21 12z"/>`);
export const closeIcon = icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`);
export const copyIcon = icon(svg`<rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V5a2 2 0 0 1 2-2h8"/>`);
export const checkIcon = icon(svg`<path d="M5 13l4 4L19 7"/>`);
export const regenerateIcon = icon(svg`<path d="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7"/>`);
export const editIcon = icon(svg`<path d="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4"/>`);
export const clearIcon = icon(svg`<path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13"/>`);
export const previousIcon = icon(svg`<path d="M15 6l-6 6 6 6"/>`);
export const nextIcon = icon(svg`<path d="M9 6l6 6-6 6"/>`);
export const downIcon = icon(svg`<path d="M12 5v14M6 13l6 6 6-6"/>`);
export const attachIcon = icon(
  svg`<path d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7L14 4.5a3.5 3.5 0 0 1 5 5L10.5 18a2 2 0 0 1-3-3L15 7.5"/>`,
);
export const cameraIcon = icon(svg`<path d="M4 8h3l2-3h6l2 3h3v11H4z"/><circle cx="12" cy="13" r="3.5"/>`);
export const fileIcon = icon(svg`<path d="M6 3h8l4 4v14H6zM14 3v4h4"/>`);
export const micIcon = icon(
  svg`<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3"/>`,
);
export const speakIcon = icon(svg`<path d="M4 9v6h4l5 4V5L8 9H4zM16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12"/>`);
