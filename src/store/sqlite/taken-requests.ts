import type Database from 'better-sqlite3';
import { PRUNE_TAKEN_REQUESTS_EVERY_MS, type TakenRequestStore } from '../taken-requests.ts';

export class SqliteTakenRequests implements TakenRequestStore {
  private pruneTakenAfter = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  async takeRequestOnce(key: string, expiresAt: Date): Promise<boolean> {
    const now = this.now().getTime();
    if (now >= this.pruneTakenAfter) await this.pruneTakenRequests();
    // Inserted, or an expired record taken over; a live record is left as it is and nothing returns.
    const taken = this.db
      .prepare<[string, number, number], { request_key: string }>(
        'INSERT INTO taken_requests (request_key, expires_at) VALUES (?, ?) ON CONFLICT (request_key) DO UPDATE SET expires_at = excluded.expires_at WHERE taken_requests.expires_at <= ? RETURNING request_key',
      )
      .get(key, expiresAt.getTime(), now);
    return taken !== undefined;
  }

  async pruneTakenRequests(): Promise<number> {
    const now = this.now().getTime();
    this.pruneTakenAfter = now + PRUNE_TAKEN_REQUESTS_EVERY_MS;
    return this.db.prepare('DELETE FROM taken_requests WHERE expires_at <= ?').run(now).changes;
  }
}
