// The page's sync: keeps the local chats, personas and settings and the relay's encrypted copy in step.
// Local changes mark records dirty and are pushed (debounced); the relay's changes are pulled on start, on focus and
// every minute. A record changed on both sides is merged (sync/merge.ts) and pushed again, so nothing is lost.
import { SyncClient, SyncFailure, type RemoteRecord, type SyncFailureKind } from './client.js';
import { deriveKey, newSalt, open, SALT_ID, seal, sealVerifier, VERIFIER_ID, verifies } from './crypto.js';
import { forgetKey, loadKey, saveKey } from './key-store.js';
import { mergeChat, mergePersona } from './merge.js';
import { parseRecordId, recordIdOf, SETTINGS_RECORD, type SyncedSettings } from './records.js';
import type { Chat, Persona } from '../types.js';

/** What the engine needs from the page: where the relay is, the local data, and how to apply remote changes. */
export interface SyncHost {
  relayBase(): string;
  accessCode(): string;
  chat(id: string): Chat | undefined;
  chatIds(): string[];
  persona(id: string): Persona | undefined;
  personaIds(): string[];
  settings(): SyncedSettings;
  /** Writes a remote change locally (null: delete); the engine does not count it as a local change. */
  applyChat(id: string, chat: Chat | null): void;
  applyPersona(id: string, persona: Persona | null): void;
  applySettings(settings: SyncedSettings): void;
  /** Before a sync: the open chat's latest messages are in the store. */
  settle(): void;
}

export interface SyncStatus {
  on: boolean;
  busy: boolean;
  lastSync: number | null;
  error: SyncFailureKind | null;
  bytes: number | null;
  quota: number | null;
}

interface SavedState {
  on: boolean;
  /** Which space sync was set up for (a hash of relay and access code): another one is never written to. */
  space?: string;
  since: number;
  versions: Record<string, number>;
  dirty: string[];
  lastSync: number | null;
  settingsAt: number;
  /** When a chat or persona was deleted here (record id → time), until that delete is pushed. */
  deletedAt?: Record<string, number>;
}

const STATE_KEY = 'gpt-chat-sync:state';
const PUSH_DELAY_MS = 1500;
const PULL_EVERY_MS = 60_000;

const freshState = (): SavedState => ({ on: false, since: 0, versions: {}, dirty: [], lastSync: null, settingsAt: 0 });

function readState(): SavedState {
  try {
    const raw = JSON.parse(localStorage.getItem(STATE_KEY) ?? 'null') as SavedState | null;
    return raw && typeof raw.since === 'number' ? { ...freshState(), ...raw } : freshState();
  } catch {
    return freshState();
  }
}

export class SyncEngine {
  private state = readState();
  private readonly dirty = new Map<string, number>(this.state.dirty.map((id) => [id, 0]));
  private key: CryptoKey | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private pushTimer: ReturnType<typeof setTimeout> | undefined;
  private pullTimer: ReturnType<typeof setInterval> | undefined;
  private applying = false;
  status: SyncStatus;

  constructor(
    private readonly host: SyncHost,
    private readonly onStatus: (status: SyncStatus) => void,
  ) {
    this.status = {
      on: this.state.on,
      busy: false,
      lastSync: this.state.lastSync,
      error: null,
      bytes: null,
      quota: null,
    };
  }

  /** The settings' last local change time (stamped by settingsChanged). */
  get settingsAt(): number {
    return this.state.settingsAt;
  }

  /** Starts the timers when sync is on; the first sync runs now (pull on open). */
  async start(): Promise<void> {
    if (!this.state.on) return;
    this.key = await loadKey();
    if (!this.key) {
      this.report({ on: false, error: 'passphrase-changed' });
      return;
    }
    this.pullTimer = setInterval(() => void this.sync(), PULL_EVERY_MS);
    void this.sync();
  }

  stop(): void {
    clearInterval(this.pullTimer);
    clearTimeout(this.pushTimer);
    this.pullTimer = undefined;
  }

  /** Called by the page for every local write of a chat or persona (not for the engine's own applies). */
  changed(kind: 'chat' | 'persona', localId: string): void {
    if (this.applying) return;
    const id = recordIdOf(kind, localId);
    const deletedAt = (this.state.deletedAt ??= {});
    if (this.localValue(id) === null) deletedAt[id] = Date.now();
    else delete deletedAt[id];
    this.markDirty(id);
  }

  settingsChanged(): void {
    if (this.applying) return;
    this.state.settingsAt = Date.now();
    this.markDirty(SETTINGS_RECORD);
  }

  private markDirty(id: string): void {
    this.dirty.set(id, (this.dirty.get(id) ?? 0) + 1);
    this.save();
    if (!this.state.on) return;
    clearTimeout(this.pushTimer);
    this.pushTimer = setTimeout(() => void this.sync(), PUSH_DELAY_MS);
  }

  /** The space the relay and access code in use now lead to (hashed: the code itself is not stored twice). */
  private async currentSpace(): Promise<string> {
    const bytes = new TextEncoder().encode(`${this.host.relayBase()}\n${this.host.accessCode()}`);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /**
   * False (and sync stops, asking to be set up again) when the relay or access code changed since sync was set up:
   * the space belongs to the code, and this device's chats must not land in another code's space unasked.
   */
  private async sameSpace(): Promise<boolean> {
    const space = await this.currentSpace();
    this.state.space ??= space; // set up before spaces were recorded: this one
    if (space === this.state.space) return true;
    await this.turnOff();
    this.report({ error: 'space-changed' });
    return false;
  }

  /**
   * Turns sync on with `passphrase`: opens the space's key (or creates the space), then merges both ways. A wrong
   * passphrase throws SyncFailure('wrong-passphrase') and changes nothing, here or on the relay.
   */
  async turnOn(passphrase: string): Promise<void> {
    const client = this.client();
    const listing = await client.list(0);
    const salt = listing.records.find((r) => r.id === SALT_ID && !r.deleted);
    const verifier = listing.records.find((r) => r.id === VERIFIER_ID && !r.deleted);
    let key: CryptoKey;
    if (salt && verifier) {
      key = await deriveKey(passphrase, salt.data);
      if (!(await verifies(key, verifier.data))) throw new SyncFailure('wrong-passphrase');
    } else {
      const fresh = newSalt();
      key = await deriveKey(passphrase, fresh);
      const wroteSalt = await client.put(SALT_ID, salt?.version ?? 0, { data: fresh });
      if (!wroteSalt.ok) throw new SyncFailure('server', 'another device is creating the space; try again');
      await client.put(VERIFIER_ID, verifier?.version ?? 0, { data: await sealVerifier(key) });
    }
    await saveKey(key);
    this.key = key;
    // Everything local is offered to the space; the first sync merges it with what is there.
    this.state = { ...freshState(), on: true, space: await this.currentSpace(), settingsAt: this.state.settingsAt };
    this.dirty.clear();
    for (const id of this.host.chatIds()) this.dirty.set(recordIdOf('chat', id), 1);
    for (const id of this.host.personaIds()) this.dirty.set(recordIdOf('persona', id), 1);
    this.dirty.set(SETTINGS_RECORD, 1);
    this.save();
    this.report({ on: true, error: null });
    this.stop();
    this.pullTimer = setInterval(() => void this.sync(), PULL_EVERY_MS);
    await this.sync();
  }

  /** Stops syncing on this device; the local data and the relay's copy stay. */
  async turnOff(): Promise<void> {
    this.stop();
    await forgetKey();
    this.key = null;
    this.state = freshState();
    this.dirty.clear();
    this.save();
    this.report({ on: false, error: null, lastSync: null, bytes: null, quota: null });
  }

  /** Deletes the relay's copy (every device's), then turns sync off here. Local data stays. */
  async deleteRemote(): Promise<void> {
    await this.client().drop();
    await this.turnOff();
  }

  /** Pulls, merges and pushes; concurrent calls run once more after the current run. */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async () => {
      do {
        this.again = false;
        await this.syncOnce();
      } while (this.again && this.state.on);
    })();
    this.running = run.finally(() => (this.running = null));
    return this.running;
  }

  private async syncOnce(): Promise<void> {
    if (!this.state.on || !this.key) return;
    if (!(await this.sameSpace())) return;
    this.report({ busy: true });
    try {
      this.host.settle();
      const client = this.client();
      let listing = await client.list(this.state.since);
      if (listing.version < this.state.since) {
        // The space was deleted and made again (another device): start over, offering everything local.
        this.state.since = 0;
        this.state.versions = {};
        listing = await client.list(0);
        // Deleted and not made again: writing now would leave records no later Turn on could open.
        if (!listing.records.some((r) => r.id === VERIFIER_ID && !r.deleted)) {
          await this.turnOff();
          this.report({ busy: false, error: 'space-deleted' });
          return;
        }
      }
      for (const record of listing.records) await this.pulled(record);
      this.state.since = listing.version;
      this.save();
      await this.push(client);
      this.state.lastSync = Date.now();
      this.save();
      this.report({
        busy: false,
        error: null,
        lastSync: this.state.lastSync,
        bytes: listing.bytes,
        quota: listing.quota,
      });
    } catch (error) {
      const kind = error instanceof SyncFailure ? error.kind : 'server';
      if (kind === 'passphrase-changed') this.stop();
      this.report({ busy: false, error: kind });
    }
  }

  /** One record from the relay: applied, or merged with a local change that is then pushed. */
  private async pulled(record: RemoteRecord): Promise<void> {
    if (record.id === SALT_ID || record.id === VERIFIER_ID) {
      if (record.id === VERIFIER_ID && !(await verifies(this.key!, record.data)))
        throw new SyncFailure('passphrase-changed');
      return;
    }
    const target = parseRecordId(record.id);
    if (!target) return;
    this.state.versions[record.id] = record.version;
    const remote = record.deleted ? null : await open<unknown>(this.key!, record.id, record.data);
    const dirty = this.dirty.has(record.id);
    this.applying = true;
    try {
      if (target.kind === 'chat') {
        const local = this.host.chat(target.localId);
        // A delete elsewhere does not take a chat changed here since: that change wins and is pushed back.
        if (dirty && local) this.host.applyChat(target.localId, remote ? mergeChat(local, remote as Chat) : local);
        else if (dirty && remote && !this.changedSinceDelete(record.id, remote as Chat))
          return; // the delete stands
        else
          this.resolve(record.id, dirty, remote, (value) => this.host.applyChat(target.localId, value as Chat | null));
      } else if (target.kind === 'persona') {
        const local = this.host.persona(target.localId);
        if (dirty && local)
          this.host.applyPersona(target.localId, remote ? mergePersona(local, remote as Persona) : local);
        else
          this.resolve(record.id, dirty, remote, (value) =>
            this.host.applyPersona(target.localId, value as Persona | null),
          );
      } else if (remote && (remote as SyncedSettings).updatedAt > this.state.settingsAt) {
        this.host.applySettings(remote as SyncedSettings);
        this.state.settingsAt = (remote as SyncedSettings).updatedAt;
        this.dirty.delete(record.id);
      }
    } finally {
      this.applying = false;
    }
  }

  /**
   * A remote change to a record with no local copy, or none changed here: applied. One deleted here but changed
   * elsewhere since comes back (an edit outweighs a delete: nothing is lost); the local delete is then dropped.
   */
  private resolve(id: string, dirty: boolean, remote: unknown, apply: (value: unknown) => void): void {
    if (!dirty) apply(remote);
    else if (remote) {
      apply(remote);
      this.dirty.delete(id);
    }
  }

  /**
   * Whether a chat deleted here was changed elsewhere after that delete (it then comes back). A copy only re-sent
   * since (another device's merge, a sync of older edits) is not a change after it: the delete stands.
   */
  private changedSinceDelete(id: string, remote: Chat): boolean {
    const deletedAt = this.state.deletedAt?.[id];
    return deletedAt === undefined || Math.max(remote.updatedAt, remote.editedAt ?? 0) > deletedAt;
  }

  private localValue(id: string): unknown {
    const target = parseRecordId(id);
    if (!target) return null;
    if (target.kind === 'chat') return this.host.chat(target.localId) ?? null;
    if (target.kind === 'persona') return this.host.persona(target.localId) ?? null;
    return { ...this.host.settings(), updatedAt: this.state.settingsAt };
  }

  private async push(client: SyncClient): Promise<void> {
    for (const [id, generation] of [...this.dirty]) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const value = this.localValue(id);
        const base = this.state.versions[id];
        if (value === null && base === undefined) break; // made and deleted here before it was ever pushed
        const body = value === null ? ({ deleted: true } as const) : { data: await seal(this.key!, id, value) };
        const result = await client.put(id, base ?? 0, body);
        if (result.ok) {
          this.state.versions[id] = result.record.version;
          if (value === null) delete this.state.deletedAt?.[id];
          break;
        }
        // Changed elsewhere since our last pull: merge what is there now, then write over its version.
        if (result.current) await this.pulled(result.current);
        else delete this.state.versions[id];
      }
      if (this.dirty.get(id) === generation) this.dirty.delete(id);
      this.save();
    }
  }

  private client(): SyncClient {
    return new SyncClient(this.host.relayBase(), this.host.accessCode());
  }

  private save(): void {
    this.state.dirty = [...this.dirty.keys()];
    try {
      localStorage.setItem(STATE_KEY, JSON.stringify(this.state));
    } catch {
      // Storage full: the state lives on in memory for this visit.
    }
  }

  private report(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch, on: patch.on ?? this.state.on };
    this.onStatus(this.status);
  }
}
