/**
 * Where a group keeps its papers. Every source keeps a local folder current (the corpus folder
 * itself, a git checkout under DATA_DIR, a Zotero library's synced items under DATA_DIR); the
 * corpus reads and watches those folders like any other, so parsing, identity, the index and
 * announcements are the same whatever the source.
 */
export interface CorpusSource {
  /** Shown before a file's path in problems and entry sources (`git:_posts/x.md`); the folder source's is empty. */
  readonly name: string;
  /** The local folder this source keeps current. */
  readonly dir: string;
  /** Sub-folders of `dir` that hold entries; the whole folder when absent. */
  readonly include?: readonly string[];
  /**
   * Brings the local folder up to date once (clone or fetch, sync). A remote that cannot be
   * reached while a local copy exists is reported once and the copy served; with no copy at all
   * it rejects with one line saying what is wrong (never a secret).
   */
  open(): Promise<void>;
  /** Who added the file's entry (a commit's author, a Zotero user), where the source knows. */
  addedBy?(relativePath: string): string | undefined;
  /** Stops following the remote (timers, pending fetches). */
  close(): Promise<void>;
}
