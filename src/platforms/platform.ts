/** A running connection to one chat platform; main starts each one whose credentials are set. */
export interface Platform {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
