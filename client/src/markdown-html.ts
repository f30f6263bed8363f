// The explanation markdown the server writes (paragraphs, nested lists, bold, code, links,
// headings, fenced code) as HTML for the explanation webview. Pure: no vscode import.

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inline markdown (code, links, bold) as HTML; a link becomes `<a data-href>` the panel opens. */
export function inlineHtml(text: string): string {
  const out: string[] = [];
  const re = /`([^`]+)`|\[([^\]]*)\]\(([^)\s]*)\)|\*\*([^*]+)\*\*/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(escape(text.slice(at, m.index)));
    if (m[1] !== undefined) out.push(`<code>${escape(m[1])}</code>`);
    else if (m[3] !== undefined) out.push(`<a href="#" data-href="${escape(m[3])}" title="${escape(linkTitle(m[3]))}">${inlineHtml(m[2]!)}</a>`);
    else out.push(`<strong>${inlineHtml(m[4]!)}</strong>`);
    at = m.index + m[0].length;
  }
  out.push(escape(text.slice(at)));
  return out.join('');
}

/** What a link target names, for its tooltip: `policies.yaml:12`. */
function linkTitle(href: string): string {
  const m = /([^/]*?)(?:#L(\d+))?$/.exec(href);
  return m && m[2] ? `${decodeURIComponent(m[1]!)}:${m[2]}` : decodeURIComponent(m?.[1] ?? href);
}

/** A link target `file:///a/b.yaml#L12` as a URI and a 0-based line. */
export function parseTarget(href: string): { uri: string; line: number } {
  const m = /^(.*)#L(\d+)$/.exec(href);
  return m ? { uri: m[1]!, line: Math.max(0, Number(m[2]) - 1) } : { uri: href, line: 0 };
}

/** Block markdown as HTML: lists nest by their indentation, blank lines end paragraphs. */
export function markdownHtml(markdown: string): string {
  const out: string[] = [];
  const lists: number[] = []; // indentation of each open <ul>
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push(`<p>${inlineHtml(para.join(' '))}</p>`);
    para = [];
  };
  const closeLists = (indent: number) => {
    while (lists.length && lists[lists.length - 1]! > indent) { out.push('</li></ul>'); lists.pop(); }
  };
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^\s*```/.test(line);
    if (fence) {
      flush();
      closeLists(-1);
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]!); i++) code.push(lines[i]!);
      out.push(`<pre><code>${escape(code.join('\n'))}</code></pre>`);
      continue;
    }
    const item = /^( *)[-*] (.*)$/.exec(line);
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (item) {
      flush();
      const indent = item[1]!.length;
      closeLists(indent);
      if (lists.length && lists[lists.length - 1] === indent) out.push('</li><li>');
      else { out.push('<ul><li>'); lists.push(indent); }
      out.push(inlineHtml(item[2]!));
    } else if (heading) {
      flush();
      closeLists(-1);
      out.push(`<h${heading[1]!.length + 1}>${inlineHtml(heading[2]!)}</h${heading[1]!.length + 1}>`);
    } else if (line.trim() === '') {
      flush();
    } else if (lists.length && /^ +\S/.test(line)) {
      out.push(` ${inlineHtml(line.trim())}`); // a list item's continued line
    } else {
      closeLists(-1);
      para.push(line.trim());
    }
  }
  flush();
  closeLists(-1);
  return out.join('');
}
