// Draws the flow graph in the webview: namespaces as columns, workloads as nodes, allowed
// connections as solid edges labelled with ports, blocked ones dashed. Namespace columns wrap
// into rows to fit the panel's width (re-laid out on resize); the drawing is in viewBox units and
// scales down only below one column; each edge label takes the first spot along its curve (then
// above or below it) that overlaps no node, namespace title or label placed before. No dependencies.
(function () {
  const vscode = acquireVsCodeApi();
  const svgNs = 'http://www.w3.org/2000/svg';
  const root = document.getElementById('graph');
  const summary = document.getElementById('summary');
  const COL_W = 240, NODE_W = 190, NODE_H = 44, GAP = 26, TOP = 56, LEFT = 24;
  const LOOP = 120; // room right of the last column for edges within a column and their labels

  function el(name, attrs, text) {
    const e = document.createElementNS(svgNs, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** The point of a cubic Bézier curve at t. */
  function bezier(c, t) {
    const u = 1 - t;
    const at = (k) => u * u * u * c[0][k] + 3 * u * u * t * c[1][k] + 3 * u * t * t * c[2][k] + t * t * t * c[3][k];
    return { x: at('x'), y: at('y') };
  }

  /**
   * Places a label at the first spot that overlaps no obstacle (nodes, namespace titles, labels
   * placed before): points along its curve from the middle outwards, each moved up and down in
   * small steps, kept inside the drawing. Its box is measured once and moved by arithmetic.
   */
  function placeLabel(label, curve, obstacles, width) {
    const x0 = Number(label.getAttribute('x')), y0 = Number(label.getAttribute('y'));
    const m = label.getBBox();
    const boxAt = (x, y) => ({ x: x + m.x - x0, y: y + m.y - y0, width: m.width, height: m.height });
    const clear = (b) => b.x >= 2 && b.x + b.width <= width - 2 && !obstacles.some((p) => b.x < p.x + p.width + 3 && p.x < b.x + b.width + 3 && b.y < p.y + p.height + 2 && p.y < b.y + b.height + 2);
    const ts = curve ? [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9] : [];
    for (let i = 0; i < 41; i++) {
      const dy = (i % 2 ? -1 : 1) * Math.ceil(i / 2) * 7; // 0, +7, -7, +14, …
      for (const t of ts.length ? ts : [0.5]) {
        const p = curve ? bezier(curve, t) : { x: x0, y: y0 };
        const x = curve ? p.x : x0, y = (curve ? p.y - 4 : y0) + dy;
        const b = boxAt(x, y);
        if (!clear(b)) continue;
        label.setAttribute('x', String(x));
        label.setAttribute('y', String(y));
        obstacles.push(b);
        return;
      }
    }
    obstacles.push(boxAt(x0, y0)); // nowhere free: it stays in the middle
  }

  function draw(g) {
    root.textContent = '';
    const namespaces = [...new Set(g.nodes.map((n) => n.namespace))].sort();
    // As many namespace columns per row as the panel holds at full size (at least one); only a
    // panel narrower than one column scales the drawing down.
    const avail = (root.clientWidth || window.innerWidth) - 4;
    const perRow = Math.max(1, Math.min(namespaces.length, Math.floor((avail - LEFT * 2 - LOOP) / COL_W)));
    const count = (ns) => g.nodes.filter((n) => n.namespace === ns).length;
    const rowTop = [];
    for (let r = 0, top = 0; r * perRow < namespaces.length; r++) {
      rowTop.push(top);
      top += TOP + Math.max(...namespaces.slice(r * perRow, (r + 1) * perRow).map(count)) * (NODE_H + GAP) + 16;
    }
    const box = (i) => ({ x: LEFT + (i % perRow) * COL_W, y: rowTop[Math.floor(i / perRow)] });
    const pos = new Map();
    let height = 0;
    namespaces.forEach((ns, i) => {
      const b = box(i);
      g.nodes.filter((n) => n.namespace === ns).forEach((n, j) => {
        pos.set(n.id, { x: b.x + (COL_W - NODE_W) / 2 - 10, y: b.y + TOP + j * (NODE_H + GAP) });
        height = Math.max(height, b.y + TOP + (j + 1) * (NODE_H + GAP));
      });
    });
    const width = LEFT * 2 + perRow * COL_W + LOOP;
    // Scaled to the panel (CSS: width 100%, height auto), never wider than its natural size.
    const svg = el('svg', { viewBox: `0 0 ${width} ${height + 40}`, preserveAspectRatio: 'xMidYMin meet', role: 'img', 'aria-label': 'Allowed flows between workloads' });
    svg.style.maxWidth = `${width}px`; // CSSOM, which the webview's CSP allows (a style attribute it would not)
    root.appendChild(svg); // attached first, so that labels can be measured while they are placed
    const defs = el('defs');
    for (const [idName, cls] of [['arrow', 'edge'], ['arrow-blocked', 'edge blocked']]) {
      const m = el('marker', { id: idName, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' });
      m.appendChild(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: cls + ' head' }));
      defs.appendChild(m);
    }
    svg.appendChild(defs);
    namespaces.forEach((ns, i) => {
      const b = box(i);
      const grp = el('g', { class: 'namespace', 'data-namespace': ns });
      grp.appendChild(el('rect', { x: b.x, y: b.y + 12, width: COL_W - 20, height: TOP - 12 + count(ns) * (NODE_H + GAP), rx: 8 }));
      grp.appendChild(el('text', { x: b.x + 10, y: b.y + 34, class: 'ns-title' }, ns));
      svg.appendChild(grp);
    });
    const edgeLayer = el('g', { class: 'edges' });
    // What a label must not cover: every node (drawn later, on top) and every namespace title.
    const placed = [];
    for (const p of pos.values()) placed.push({ x: p.x, y: p.y, width: NODE_W, height: NODE_H });
    for (const t of svg.querySelectorAll('.ns-title')) placed.push(t.getBBox());
    svg.appendChild(edgeLayer);
    for (const e of g.edges) {
      const a = pos.get(e.from), b = pos.get(e.to);
      if (!a || !b) continue;
      const sameCol = a.x === b.x;
      const x1 = sameCol ? a.x + NODE_W : a.x < b.x ? a.x + NODE_W : a.x;
      const x2 = sameCol ? b.x + NODE_W : a.x < b.x ? b.x : b.x + NODE_W;
      const y1 = a.y + NODE_H / 2, y2 = b.y + NODE_H / 2;
      const bend = sameCol ? 60 : (x2 - x1) / 2;
      const curve = [{ x: x1, y: y1 }, { x: x1 + bend, y: y1 }, { x: x2 - (sameCol ? -60 : bend), y: y2 }, { x: x2, y: y2 }];
      const d = `M ${x1} ${y1} C ${curve[1].x} ${y1}, ${curve[2].x} ${y2}, ${x2} ${y2}`;
      const grp = el('g', { class: e.blocked ? 'edge blocked' : 'edge', 'data-from': e.from, 'data-to': e.to });
      grp.appendChild(el('path', { d, 'marker-end': `url(#${e.blocked ? 'arrow-blocked' : 'arrow'})` }));
      const label = el('text', { x: (x1 + x2) / 2 + (sameCol ? 50 : 0), y: (y1 + y2) / 2 - 4, class: 'edge-label' }, e.label);
      grp.appendChild(label);
      grp.appendChild(el('title', {}, `${e.from.split('/').slice(0, 2).join('/')} → ${e.to.split('/').slice(0, 2).join('/')}: ${e.label}`));
      edgeLayer.appendChild(grp);
      placeLabel(label, curve, placed, width);
    }
    for (const n of g.nodes) {
      const p = pos.get(n.id);
      const cls = ['node', n.focused ? 'focused' : '', n.isolatedIngress ? 'iso-in' : '', n.isolatedEgress ? 'iso-out' : ''].join(' ');
      const grp = el('g', { class: cls, 'data-workload': `${n.namespace}/${n.name}`, tabindex: 0, role: 'button' });
      grp.appendChild(el('rect', { x: p.x, y: p.y, width: NODE_W, height: NODE_H, rx: 6 }));
      grp.appendChild(el('text', { x: p.x + 10, y: p.y + 18, class: 'node-name' }, n.name));
      const iso = [n.isolatedIngress ? 'in' : '', n.isolatedEgress ? 'out' : ''].filter(Boolean).join(' + ');
      grp.appendChild(el('text', { x: p.x + 10, y: p.y + 34, class: 'node-kind' }, `${n.kind}${iso ? ` · isolated ${iso}` : ''}`));
      grp.appendChild(el('title', {}, `${n.namespace}/${n.name} (${n.kind})\n${n.labels}\nClick to open its manifest.`));
      const open = () => vscode.postMessage({ type: 'open', uri: n.uri, line: n.line });
      grp.addEventListener('click', open);
      grp.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') open(); });
      svg.appendChild(grp);
    }
    const blocked = g.edges.filter((e) => e.blocked).length;
    const focus = g.focus && g.focus.length ? (g.focus.length === 1 ? `Policy ${g.focus[0]}: what it selects (highlighted) and blocks · ` : `${g.focus.length} policies of this file · `) : '';
    summary.textContent = focus + `${g.nodes.length} workloads · ${g.edges.length - blocked} allowed connections drawn` +
      (blocked ? ` · ${blocked} blocked by this policy (dashed)` : '') +
      (g.unrestrictedPairs ? ` · ${g.unrestrictedPairs} pairs with no policy on either side allow everything (not drawn)` : '') +
      (g.truncated ? ' · only the first workloads are shown' : '');
  }

  window.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'graph') {
      vscode.setState(event.data.graph);
      draw(event.data.graph);
    }
  });
  const saved = vscode.getState();
  if (saved) draw(saved);
  // Re-lay out when the panel is resized (once per frame).
  let pending = false;
  window.addEventListener('resize', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; const g = vscode.getState(); if (g) draw(g); });
  });
  vscode.postMessage({ type: 'ready' });
})();
