// A web Response whose Headers are filled only when something reads them. Filling a Headers validates every name
// and value, and on the relay's Node path nothing needs them: the upstream's are read through the fast path's
// header(), and the client's are written into writeHead() as given. As long as `unreadHeaders` is set, nobody has
// seen (or changed) the Headers, so the list is the response's headers exactly.

export type HeaderList = [string, string][] | Record<string, string>;

const filledHeaders = Object.getOwnPropertyDescriptor(Response.prototype, 'headers')!.get!;

/** Without a body of its own (one would add its own content-type): a subclass or a fast path supplies it. */
export class LazyHeadersResponse extends Response {
  /** The headers until `headers` is first read (they are then moved into the Headers). */
  unreadHeaders: HeaderList | null;

  constructor(status: number, headers: HeaderList) {
    super(null, { status });
    this.unreadHeaders = headers;
  }
}

// An accessor on the prototype (TypeScript will not let a subclass redeclare Response's `headers` property as one).
Object.defineProperty(LazyHeadersResponse.prototype, 'headers', {
  get(this: LazyHeadersResponse) {
    const headers = filledHeaders.call(this) as Headers;
    const unread = this.unreadHeaders;
    if (unread) {
      this.unreadHeaders = null;
      if (Array.isArray(unread)) for (const [name, value] of unread) headers.append(name, value);
      else for (const name in unread) headers.append(name, unread[name]!);
    }
    return headers;
  },
  configurable: true,
});

/** What Headers.get() gives for `name` (lower case): every value, joined by ", "; null when there is none. */
export function headerValue(list: HeaderList, name: string): string | null {
  if (!Array.isArray(list)) return Object.hasOwn(list, name) ? list[name]! : null;
  let value: string | null = null;
  for (const [key, item] of list) if (key === name) value = value === null ? item : `${value}, ${item}`;
  return value;
}
