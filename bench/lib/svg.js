// bench/lib/svg.js: a hand-written SVG bar chart of the time ratios to
// native: one panel per pair, one group of bars per program (and the
// geometric mean), a line at 1.0 for native.
'use strict';
const { PAIRS } = require('./build');
const { RUNNERS } = require('./report');

const COLORS = { 'nacre-guard': '#2a7ab0', 'nacre-explicit': '#7fb8dc', node: '#d98c2b' };
const BAR = 7, GAP = 6, LABEL_W = 110, PANEL_W = 380, TOP = 58, CAP = 4;

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

function panel(results, pair, x0, programs, max) {
	const out = [];
	const scale = (v) => (Math.min(v, max) / max) * (PANEL_W - LABEL_W - 30);
	out.push(`<text x="${x0 + LABEL_W}" y="${TOP - 22}" font-weight="bold">${esc(PAIRS[pair].label)} pair</text>`);
	const groupH = RUNNERS.length * BAR + GAP;
	const height = programs.length * groupH;
	for (let t = 0; t <= max; t += 0.5) {
		const x = x0 + LABEL_W + scale(t);
		out.push(`<line x1="${x}" y1="${TOP - 4}" x2="${x}" y2="${TOP + height}" stroke="${t === 1 ? '#000' : '#ddd'}" stroke-width="${t === 1 ? 1.5 : 1}"/>`);
		out.push(`<text x="${x}" y="${TOP - 7}" text-anchor="middle" font-size="9">${t.toFixed(1)}</text>`);
	}
	programs.forEach((prog, i) => {
		const y = TOP + i * groupH;
		out.push(`<text x="${x0 + LABEL_W - 6}" y="${y + groupH / 2 + 1}" text-anchor="end" font-size="10"${prog === 'geomean' ? ' font-weight="bold"' : ''}>${esc(prog)}</text>`);
		RUNNERS.forEach((runner, j) => {
			const v = prog === 'geomean' ? results.geomean[pair][runner]
				: (results.rows.find((r) => r.program === prog && r.pair === pair && r.runner === runner) || {}).ratio_to_native;
			const by = y + j * BAR;
			if (!Number.isFinite(v)) {
				out.push(`<text x="${x0 + LABEL_W + 2}" y="${by + BAR - 1}" font-size="7" fill="#c00">failed</text>`);
				return;
			}
			out.push(`<rect x="${x0 + LABEL_W}" y="${by}" width="${scale(v).toFixed(1)}" height="${BAR - 1}" fill="${COLORS[runner]}"><title>${esc(`${prog} ${runner}: ${v.toFixed(2)}`)}</title></rect>`);
			if (v > max)
				out.push(`<text x="${x0 + LABEL_W + scale(v) + 2}" y="${by + BAR - 1}" font-size="7">${v.toFixed(1)}</text>`);
		});
	});
	return { svg: out.join('\n'), height };
}

function chart(results) {
	const programs = [...new Set(results.rows.map((r) => r.program)), 'geomean'];
	const ratios = results.rows.map((r) => r.ratio_to_native).filter(Number.isFinite);
	const max = Math.min(CAP, Math.max(1.5, Math.ceil(Math.max(...ratios, 1) * 2) / 2));
	const pairs = Object.keys(PAIRS);
	const panels = pairs.map((p, i) => panel(results, p, 10 + i * PANEL_W, programs, max));
	const height = TOP + panels[0].height + 40;
	const width = 20 + pairs.length * PANEL_W;
	const legend = RUNNERS.map((r, i) => `<rect x="${10 + LABEL_W + i * 120}" y="${height - 22}" width="10" height="10" fill="${COLORS[r]}"/>` +
		`<text x="${24 + LABEL_W + i * 120}" y="${height - 13}" font-size="10">${esc(r)}</text>`).join('\n');
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="14" font-size="12">Run time / native run time (lower is better; native = 1.0)${results.meta.quick ? ' — quick run, not a measurement' : ''}</text>
${panels.map((p) => p.svg).join('\n')}
${legend}
</svg>
`;
}

module.exports = { chart };
