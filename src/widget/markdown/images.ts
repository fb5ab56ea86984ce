// Images in model output fetch nothing the reader did not ask for: a prompt-injected reply could otherwise put
// the conversation into an image URL and have it fetched at once. Runs on the sanitized fragment while it still
// belongs to DOMPurify's inert document (nothing there loads), so an <img> is decided before it can fetch:
// load (data: pixels, same origin, approved, or images="auto"), a click-to-load placeholder, or a blocked one.

export type ImageMode = 'click' | 'auto' | 'none';

export interface ImageLabels {
  /** Placeholder button text; `{host}` is replaced. */
  loadImage?: string;
  /** A loaded image without alt text; `{host}` is replaced. */
  imageFrom?: string;
  /** Placeholder under images="none"; `{host}` is replaced. */
  imageBlocked?: string;
  /** A data: image without alt text. */
  image?: string;
}

const DEFAULTS: Required<ImageLabels> = {
  loadImage: 'Load image from {host}',
  imageFrom: 'Image from {host}',
  imageBlocked: 'Image from {host} (not loaded)',
  image: 'Image',
};

/** Pixels only: never SVG (an SVG document is more than pixels), never a non-base64 payload. */
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|avif);base64,/i;
/** Attributes of the model's <img> that are carried over when it loads (all passed the sanitizer). */
const KEPT = ['alt', 'title', 'width', 'height'];

interface Pending {
  url: string;
  host: string;
  attrs: Array<[string, string]>;
  labels: Required<ImageLabels>;
}

/** Click-to-load placeholders → what they load. Only this module writes it. */
const placeholders = new WeakMap<Element, Pending>();
/** URLs the reader chose to load on this page: a re-render (next frame, language change) shows them at once. */
const approved = new Set<string>();

/** Parses the `images` attribute (anything unknown is the safe default). */
export function imageMode(value: string | null | undefined): ImageMode {
  return value === 'auto' || value === 'none' ? value : 'click';
}

const fill = (text: string, host: string) => text.replace('{host}', host);

/** Rewrites every <img> under `root` (before it is inserted into a live document). */
export function rewriteImages(root: DocumentFragment, mode: ImageMode, given: ImageLabels = {}): void {
  const images = root.querySelectorAll('img');
  if (!images.length) return;
  const labels = { ...DEFAULTS, ...given };
  for (const img of Array.from(images)) rewrite(img, mode, labels);
}

function rewrite(img: HTMLImageElement, mode: ImageMode, labels: Required<ImageLabels>): void {
  // eslint-disable-next-line no-control-regex
  const src = (img.getAttribute('src') ?? '').replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  for (const name of img.getAttributeNames()) if (!KEPT.includes(name) && name !== 'src') img.removeAttribute(name);
  if (/^data:/i.test(src)) return DATA_IMAGE.test(src) ? prepare(img, labels.image) : drop(img);
  let url: URL;
  try {
    url = new URL(src, document.baseURI);
  } catch {
    return drop(img);
  }
  if (!src || (url.protocol !== 'https:' && url.protocol !== 'http:')) return drop(img);
  const host = url.host;
  if (mode === 'auto' || (mode === 'click' && (url.origin === location.origin || approved.has(url.href)))) {
    return prepare(img, fill(labels.imageFrom, host));
  }
  const attrs = KEPT.flatMap((n): Array<[string, string]> => (img.hasAttribute(n) ? [[n, img.getAttribute(n)!]] : []));
  img.replaceWith(placeholder(img.ownerDocument, { url: url.href, host, attrs, labels }, mode === 'none'));
}

/** An image that loads: no referrer, and always an alt (empty + a label naming the source when it had none). */
function prepare(img: HTMLImageElement, unnamed: string): void {
  img.setAttribute('referrerpolicy', 'no-referrer');
  if (!img.getAttribute('alt')) {
    img.setAttribute('alt', '');
    img.setAttribute('aria-label', unnamed);
  }
}

/** Not an image we can show (script-capable SVG, other data:, odd schemes): its alt text stays. */
function drop(img: HTMLImageElement): void {
  const alt = img.getAttribute('alt');
  if (alt) img.replaceWith(img.ownerDocument.createTextNode(alt));
  else img.remove();
}

function placeholder(doc: Document, p: Pending, blocked: boolean): HTMLElement {
  const el = doc.createElement(blocked ? 'span' : 'button');
  const text = fill(blocked ? p.labels.imageBlocked : p.labels.loadImage, p.host);
  const alt = p.attrs.find(([n]) => n === 'alt')?.[1] ?? '';
  el.className = blocked ? 'image-blocked' : 'image-load';
  const label = doc.createElement('span');
  label.className = 'image-host';
  label.textContent = text;
  el.append(label);
  if (alt) {
    const caption = doc.createElement('span');
    caption.className = 'image-alt';
    caption.textContent = alt;
    el.append(caption);
  }
  // The reader sees where the image would come from before choosing to fetch it.
  el.title = p.url;
  if (blocked) {
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', alt ? `${text}: ${alt}` : text);
  } else {
    el.setAttribute('type', 'button');
    placeholders.set(el, p);
  }
  return el;
}

/** Loads a click-to-load placeholder in place; false when `el` is not one (e.g. a button model HTML drew). */
export function loadImage(el: Element): boolean {
  const p = placeholders.get(el);
  if (!p) return false;
  placeholders.delete(el);
  approved.add(p.url);
  const img = el.ownerDocument.createElement('img');
  img.referrerPolicy = 'no-referrer'; // before src: the request starts when src is set
  for (const [name, value] of p.attrs) img.setAttribute(name, value);
  prepare(img, fill(p.labels.imageFrom, p.host));
  img.tabIndex = -1; // focus stays where the button was
  img.src = p.url;
  el.replaceWith(img);
  img.focus({ preventScroll: true });
  return true;
}
