// /v1/sync/…: the page's end-to-end encrypted sync (see sync/types.ts). The relay keeps each token's records in its
// own space and checks only ids, sizes, versions and the quota; record data is ciphertext it cannot read.
//   GET    /v1/sync/records?since=N  records changed after version N (+ the space's version and size)
//   PUT    /v1/sync/records/:id      If-Match: "<version last seen>" ("0": new) → the new record, or 409 + current
//   DELETE /v1/sync                  deletes the token's whole space
import type { H3Event } from 'h3';
import { JSON_CONTENT_TYPE, methodNotAllowed, openaiError } from '../errors.js';
import { bearerToken } from '../guards/auth.js';
import { checkJsonContentType, readLimitedBody } from '../guards/body.js';
import { checkToken } from './admit.js';
import { recorderOf, type RelayContext } from './context.js';
import { spaceOf } from '../sync/space.js';
import type { SyncStore, SyncWrite } from '../sync/types.js';
import type { RelayOptions } from '../settings/options.js';
import { defaultOf } from '../settings/table.js';
import {
  LIST_PAGE_BYTES,
  MAX_RECORD_BODY_BYTES,
  baseVersionOf,
  isCiphertext,
  isRecordId,
  sinceOf,
} from '../sync/limits.js';

export interface SyncSettings {
  store: SyncStore;
  quota: number;
}

const json = (value: unknown, status = 200): Response =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'cache-control': 'no-store' },
  });

const SYNC_OFF = 'Sync is not enabled on this relay: start it with --sync-dir DIR (or GPT_CHAT_SYNC_DIR).';
const NEEDS_TOKEN =
  'Sync needs the relay to have access tokens (--access-token): each token has its own encrypted space.';

/** The token's space, or the Response that refuses the request (sync off, no tokens, locked out, wrong token). */
async function spaceFor(ctx: RelayContext, event: H3Event): Promise<string | Response> {
  if (!ctx.sync) return openaiError(404, SYNC_OFF, 'invalid_request_error', 'sync_disabled');
  if (!ctx.access) return openaiError(403, NEEDS_TOKEN, 'permission_error', 'sync_needs_access_token');
  const request = event.req as Request;
  // The token guards as for chat, but no rate limit: sync spends no upstream tokens and pushes one request a record.
  const refused = await checkToken(ctx, request, recorderOf(event));
  if (refused) return refused;
  return spaceOf(bearerToken(request.headers.get('authorization'))!);
}

async function list(ctx: RelayContext, sync: SyncSettings, event: H3Event): Promise<Response> {
  const since = sinceOf(event.url.searchParams.get('since'));
  if (since === null) return openaiError(400, 'since must be a whole number.', undefined, 'invalid_since');
  const space = await spaceFor(ctx, event);
  if (space instanceof Response) return space;
  const page = await sync.store.list(space, since, LIST_PAGE_BYTES);
  return json({ ...page, quota: sync.quota });
}

/** The PUT body: {"data": "<base64url ciphertext>"} or {"deleted": true}. */
function parseWrite(bytes: Uint8Array, id: string, baseVersion: number): SyncWrite | null {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const { data, deleted } = body as { data?: unknown; deleted?: unknown };
  if (deleted === true) return { id, baseVersion, deleted: true, data: '' };
  if (typeof data !== 'string' || data.length === 0 || !isCiphertext(data)) return null;
  return { id, baseVersion, deleted: false, data };
}

async function put(ctx: RelayContext, sync: SyncSettings, event: H3Event, id: string): Promise<Response> {
  const request = event.req as Request;
  if (!isRecordId(id))
    return openaiError(
      400,
      'Record ids are 1-128 of A-Z a-z 0-9 . _ - (not starting with a dot).',
      undefined,
      'invalid_record_id',
    );
  const space = await spaceFor(ctx, event);
  if (space instanceof Response) return space;
  const baseVersion = baseVersionOf(request.headers.get('if-match'));
  if (baseVersion === null)
    return openaiError(
      428,
      'Send If-Match: "<version>" (the version last seen, "0" for a new record).',
      undefined,
      'missing_if_match',
    );
  const wrongType = checkJsonContentType(request);
  if (wrongType) return wrongType;
  const body = await readLimitedBody(request, MAX_RECORD_BODY_BYTES, ctx.config.bodyTimeoutMs);
  if (!body.ok) return body.response;
  const write = parseWrite(body.bytes, id, baseVersion);
  if (!write)
    return openaiError(400, 'Body must be {"data": "<base64url>"} or {"deleted": true}.', undefined, 'invalid_record');
  const result = await sync.store.put(space, write, sync.quota);
  if (result.kind === 'written') return json(result.record);
  if (result.kind === 'conflict') {
    const message = 'The record changed on another device; merge the current record and try again.';
    return json(
      { error: { message, type: 'invalid_request_error', code: 'sync_conflict' }, current: result.current },
      409,
    );
  }
  return openaiError(
    507,
    `This token's sync space is full (${result.bytes} of ${result.quota} bytes); delete chats or raise --sync-quota.`,
    'server_error',
    'sync_quota_exceeded',
  );
}

/** Handles every /v1/sync path. */
export function syncHandler(ctx: RelayContext) {
  return async (event: H3Event): Promise<Response> => {
    const path = event.url.pathname;
    const method = event.req.method;
    const sync = ctx.sync;
    if (path === '/v1/sync' || path === '/v1/sync/') {
      if (method !== 'DELETE') return methodNotAllowed(['DELETE', 'OPTIONS']);
      const space = await spaceFor(ctx, event);
      if (space instanceof Response) return space;
      await sync!.store.drop(space);
      return json({ deleted: true });
    }
    if (path === '/v1/sync/records') {
      if (method !== 'GET') return methodNotAllowed(['GET', 'OPTIONS']);
      if (!sync) return spaceFor(ctx, event) as Promise<Response>;
      return list(ctx, sync, event);
    }
    const prefix = '/v1/sync/records/';
    if (path.startsWith(prefix) && path.length <= prefix.length + 3 * 128) {
      if (method !== 'PUT') return methodNotAllowed(['PUT', 'OPTIONS']);
      let id: string;
      try {
        id = decodeURIComponent(path.slice(prefix.length));
      } catch {
        id = '';
      }
      if (!sync) return spaceFor(ctx, event) as Promise<Response>;
      return put(ctx, sync, event, id);
    }
    return openaiError(404, `No route for ${path.slice(0, 200)}.`);
  };
}

/** The sync settings from the relay's options: on when a store is given. */
export function syncSettings(options: RelayOptions): SyncSettings | undefined {
  if (!options.syncStore) return undefined;
  const quota = options.syncQuota;
  const valid = typeof quota === 'number' && Number.isSafeInteger(quota) && quota > 0;
  return { store: options.syncStore, quota: valid ? quota : (defaultOf('syncQuota') as number) };
}
