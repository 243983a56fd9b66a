import path from 'node:path';

/** Whether `real` (a path with every link resolved) lies inside `realRoot` or is it. */
export function isInside(realRoot: string, real: string): boolean {
  const relative = path.relative(realRoot, real);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}
