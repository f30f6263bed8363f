// `/`-separated path arithmetic for the engine, which may not import node:path: sources are
// named by paths relative to a workspace folder (`charts/shop/templates/np.yaml`).

/** Resolves `.` and `..` segments and duplicate slashes; keeps a leading `/`; `''` for the root. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

/** `base` joined with a relative path (an absolute `rel` wins), normalized. */
export function joinPath(base: string, rel: string): string {
  if (rel.startsWith('/')) return normalizePath(rel);
  return normalizePath(base === '' ? rel : `${base}/${rel}`);
}

/** The folder of a path (`''` for a top-level name). */
export function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : i === 0 ? '/' : path.slice(0, i);
}

/** The last segment of a path. */
export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Whether `path` is `dir` or lies below it (`''` is the root and holds every relative path). */
export function isUnder(path: string, dir: string): boolean {
  return dir === '' ? !path.startsWith('..') : path === dir || path.startsWith(dir + '/');
}
