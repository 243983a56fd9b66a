/**
 * An expected failure the user can fix (bad query, unknown entry, missing permission).
 * The bot answers with its message, ephemerally; anything else is logged and answered generically.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}
