import type { Sql } from '../postgres-database.ts';
import { PRUNE_TAKEN_REQUESTS_EVERY_MS, type TakenRequestStore } from '../taken-requests.ts';

export class PostgresTakenRequests implements TakenRequestStore {
  private pruneTakenAfter = 0;

  constructor(private readonly sql: Sql) {}

  async takeRequestOnce(key: string, expiresAt: Date): Promise<boolean> {
    if (Date.now() >= this.pruneTakenAfter) await this.pruneTakenRequests();
    // Two replicas inserting the same key at once: the second waits for the first's row, then
    // finds it live and returns nothing. An expired record is taken over by the one that updates it.
    const taken = await this.sql.query(
      'INSERT INTO taken_requests (request_key, expires_at) VALUES ($1, $2) ON CONFLICT (request_key) DO UPDATE SET expires_at = excluded.expires_at WHERE taken_requests.expires_at <= now() RETURNING request_key',
      [key, expiresAt],
    );
    return taken.length > 0;
  }

  async pruneTakenRequests(): Promise<number> {
    this.pruneTakenAfter = Date.now() + PRUNE_TAKEN_REQUESTS_EVERY_MS;
    return (await this.sql.query('DELETE FROM taken_requests WHERE expires_at <= now() RETURNING request_key')).length;
  }
}
