// Minimal glob matching for `netpolLens.exclude`: `**`, `*`, `?` and `{a,b}` on `/` paths.

/** Converts a glob to a RegExp matching a relative `/`-separated path or any of its parent folders. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') { i++; re += '(?:.*/)?'; } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) { re += '\\{'; continue; }
      re += `(?:${glob.slice(i + 1, end).split(',').map(escape).join('|')})`;
      i = end;
    } else re += escape(c);
  }
  // A pattern without a slash matches at any depth, like .gitignore.
  const anyDepth = !glob.includes('/') ? '(?:.*/)?' : '';
  return new RegExp(`^${anyDepth}${re}(?:/.*)?$`);
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}
