/** Small named values (the index snapshot's fingerprint, for one). */
export interface MetaStore {
  getMeta(name: string): Promise<string | undefined>;
  setMeta(name: string, value: string): Promise<void>;
}
