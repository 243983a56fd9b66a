/**
 * The few parts of citation-js that the corpus loader (reading) and the cite command (writing)
 * call; the packages ship no types. Results are `unknown` on purpose: what a user's file held
 * is checked field by field.
 */
declare module '@citation-js/core' {
  /** Formats CSL-JSON items: `bibtex`, `ris`, or `bibliography` with a CSL template. */
  export class Cite {
    constructor(data: unknown, options?: Record<string, unknown>);
    format(format: string, options?: Record<string, unknown>): string;
  }
  export namespace plugins {
    namespace input {
      interface ChainOptions {
        /** Skip type detection: the caller knows what the text is. */
        forceType?: string;
        target?: string;
        generateGraph?: boolean;
        /** Throw on a parse error instead of returning an empty list. */
        strict?: boolean;
      }
      function chain(input: unknown, options?: ChainOptions): unknown[];
      const util: {
        /** Corrects CSL-JSON items in the library's best-guess way (names from strings, numbers to strings). */
        clean(items: readonly unknown[]): unknown[];
      };
    }
    namespace config {
      function get(pluginRef: string): unknown;
    }
  }
  export const logger: {
    level: string;
    /** Every message the library logged, kept forever unless emptied. */
    _log: unknown[];
  };
}

declare module '@citation-js/plugin-bibtex' {}
declare module '@citation-js/plugin-ris' {}
declare module '@citation-js/plugin-csl' {}
declare module '@citation-js/name' {
  export function parse(name: string): Record<string, string | undefined>;
}
