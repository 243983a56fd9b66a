/**
 * Wraps an object so that every call to one of its methods is observed (how long it took, whether
 * it failed) and otherwise behaves as the object does. Health and metrics see the core through
 * this, so the store, search and corpus modules never learn that they are measured.
 */
export function instrument<T extends object>(
  target: T,
  observe: (method: string, seconds: number, failed: boolean) => void,
  methods?: ReadonlySet<string>,
): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      if (typeof property !== 'string' || (methods && !methods.has(property))) return value.bind(object);
      return (...args: unknown[]): unknown => {
        const started = performance.now();
        const settle = (failed: boolean): void => observe(property, (performance.now() - started) / 1000, failed);
        let result: unknown;
        try {
          result = Reflect.apply(value, object, args);
        } catch (error) {
          settle(true);
          throw error;
        }
        if (result instanceof Promise)
          return result.then(
            (resolved: unknown) => {
              settle(false);
              return resolved;
            },
            (error: unknown) => {
              settle(true);
              throw error;
            },
          );
        settle(false);
        return result;
      };
    },
  });
}
