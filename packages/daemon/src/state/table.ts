import { Missing, type LoadRequest } from './view';

/**
 * One table of the working set, layered: a child layer sees its parent's rows and keeps its own writes
 * to itself until `commitTo`. The root layer holds what was loaded from the database plus every write
 * committed so far, and remembers which keys changed so only those are written back.
 *
 * Keys belong to groups (a tx's outputs, an owner's balances). A group can be loaded whole, after which a
 * key of it that is not present is known to be absent; otherwise reading an unknown key throws Missing.
 * A table without `groupOf` has each key as its own group (transactions, addresses, tokens…), and keeps
 * no group index: indexing every key it loads or sets was 4% of the daemon's CPU.
 */
export class Table<V> {
  private readonly rows = new Map<string, V | null>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly loadedGroups = new Set<string>();
  readonly dirty = new Set<string>();
  /** Root only: everything that exists is in memory (planner tests), so an unknown key is absent. */
  complete = false;

  constructor(
    private readonly parent: Table<V> | null,
    private readonly groupOf: ((key: string) => string) | null,
    private readonly request: (key: string, group: string) => LoadRequest,
  ) {}

  child(): Table<V> {
    return new Table<V>(this, this.groupOf, this.request);
  }

  get(key: string): V | null {
    if (this.rows.has(key)) return this.rows.get(key) as V | null;
    if (this.parent) return this.parent.get(key);
    const group = this.groupOfKey(key);
    if (this.complete || this.loadedGroups.has(group)) return null;
    throw new Missing([this.request(key, group)]);
  }

  /** Keys with a present row in `group`; the group must be loaded (at the root). */
  keysOf(group: string): string[] {
    if (!this.groupOf) return this.get(group) === null ? [] : [group];
    const base = this.parent ? this.parent.keysOf(group) : this.rootKeysOf(group);
    const own = this.groups.get(group);
    if (!own) return base;
    const all = new Set([...base, ...own]);
    return [...all].filter((k) => this.get(k) !== null);
  }

  private rootKeysOf(group: string): string[] {
    if (!this.groupOf) return this.get(group) === null ? [] : [group];
    if (!this.complete && !this.loadedGroups.has(group)) throw new Missing([this.request(`${group}`, group)]);
    return [...(this.groups.get(group) ?? [])].filter((k) => this.rows.get(k) != null);
  }

  set(key: string, value: V | null): void {
    this.rows.set(key, value);
    this.index(key);
    this.dirty.add(key);
  }

  private index(key: string): void {
    if (!this.groupOf) return;
    const group = this.groupOf(key);
    let set = this.groups.get(group);
    if (!set) this.groups.set(group, (set = new Set()));
    set.add(key);
  }

  /** Root only: a row read from the database (not dirty). Never overrides what is already known. */
  load(key: string, value: V | null): void {
    if (this.rows.has(key)) return;
    this.rows.set(key, value);
    this.index(key);
  }

  /** Root only: every row of `group` has been loaded with `load`. */
  markGroupLoaded(group: string): void {
    this.loadedGroups.add(group);
  }

  /** Root only: the groups read whole from the database (or from the row cache). */
  loadedGroupNames(): IterableIterator<string> {
    return this.loadedGroups.values();
  }

  isGroupLoaded(group: string): boolean {
    return this.loadedGroups.has(group);
  }

  groupOfKey(key: string): string {
    return this.groupOf ? this.groupOf(key) : key;
  }

  /** Root only: the present rows of a group read whole, with its own writes. */
  rowsOf(group: string): [string, V][] {
    return this.rootKeysOf(group).map((k) => [k, this.rows.get(k) as V]);
  }

  commitTo(target: Table<V>): void {
    for (const key of this.dirty) target.set(key, this.rows.get(key) as V | null);
  }

  /** Root only: the current value of every changed key, for writing back. */
  changes(): [string, V | null][] {
    return [...this.dirty].map((k) => [k, this.rows.get(k) as V | null]);
  }

  /** Root only: iterate every row held in memory (loaded or written). */
  entries(): IterableIterator<[string, V | null]> {
    return this.rows.entries();
  }
}
