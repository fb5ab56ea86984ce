// The relay's /v1/sync API as the page uses it (src/relay/routes/sync.ts): list changed records, write one over a
// known version, delete the space. Errors come back as a SyncFailure the settings dialog can put in words.

export interface RemoteRecord {
  id: string;
  version: number;
  deleted: boolean;
  data: string;
}

export interface Listing {
  version: number;
  records: RemoteRecord[];
  more: boolean;
  bytes: number;
  quota: number;
}

/** Why a sync step failed, as the dialog words it (sync.error.<kind> in i18n). */
export type SyncFailureKind =
  | 'offline'
  | 'auth'
  | 'disabled'
  | 'needs-token'
  | 'quota'
  | 'wrong-passphrase'
  | 'passphrase-changed'
  | 'space-changed'
  | 'space-deleted'
  | 'server';

export class SyncFailure extends Error {
  constructor(
    readonly kind: SyncFailureKind,
    detail: string = kind,
  ) {
    super(detail);
    this.name = 'SyncFailure';
  }
}

export type PutResult = { ok: true; record: RemoteRecord } | { ok: false; current: RemoteRecord | null };

async function failureOf(response: Response): Promise<SyncFailure> {
  let code = '';
  try {
    code = ((await response.json()) as { error?: { code?: string } }).error?.code ?? '';
  } catch {
    // not JSON: a proxy's page
  }
  if (response.status === 401) return new SyncFailure('auth', code);
  if (code === 'sync_disabled') return new SyncFailure('disabled', code);
  if (code === 'sync_needs_access_token') return new SyncFailure('needs-token', code);
  if (code === 'sync_quota_exceeded' || response.status === 507) return new SyncFailure('quota', code);
  return new SyncFailure('server', code || String(response.status));
}

export class SyncClient {
  constructor(
    /** The relay base ('' = the page's own origin). */
    private readonly base: string,
    private readonly token: string,
  ) {}

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.token) headers.set('authorization', `Bearer ${this.token}`);
    try {
      return await fetch(`${this.base}${path}`, { ...init, headers, cache: 'no-store' });
    } catch {
      throw new SyncFailure('offline');
    }
  }

  /** Every record changed after `since`, following the relay's pages. */
  async list(since: number): Promise<Listing> {
    const records: RemoteRecord[] = [];
    let cursor = since;
    for (;;) {
      const response = await this.request(`/v1/sync/records?since=${cursor}`);
      if (!response.ok) throw await failureOf(response);
      const page = (await response.json()) as Listing;
      records.push(...page.records);
      if (!page.more || page.version <= cursor) return { ...page, records };
      cursor = page.version;
    }
  }

  async put(id: string, baseVersion: number, body: { data: string } | { deleted: true }): Promise<PutResult> {
    const response = await this.request(`/v1/sync/records/${encodeURIComponent(id)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': `"${baseVersion}"` },
      body: JSON.stringify(body),
    });
    if (response.ok) return { ok: true, record: (await response.json()) as RemoteRecord };
    if (response.status === 409)
      return { ok: false, current: ((await response.json()) as { current: RemoteRecord | null }).current };
    throw await failureOf(response);
  }

  async drop(): Promise<void> {
    const response = await this.request('/v1/sync', { method: 'DELETE' });
    if (!response.ok) throw await failureOf(response);
  }
}
