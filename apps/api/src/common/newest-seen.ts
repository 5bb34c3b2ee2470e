/**
 * The newest version of each of the last `capacity` records this process read
 * or wrote, by id: a record is taken only when newer than the one held.
 */
export class NewestSeen<T extends { id: string; version: number }> {
  private readonly records = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  get(id: string): T | undefined {
    return this.records.get(id);
  }

  offer(record: T): void {
    const held = this.records.get(record.id);
    if (held !== undefined && held.version >= record.version) return;
    this.records.delete(record.id);
    this.records.set(record.id, record);
    if (this.records.size > this.capacity) {
      const oldest = this.records.keys().next();
      if (oldest.done !== true) this.records.delete(oldest.value);
    }
  }
}
