// bench/lib/measure.js: one measurement through the measure tool
// (bench/measure.c): runs, wall and CPU times, peak RSS and the captured
// stdout.
'use strict';
const fs = require('node:fs');
const { run } = require('./proc');
const { median } = require('./stats');

// Resolves with {ok, status, wall, rss, median, min, max, cpu_median,
// stdout, error}.
async function measure(cfg, argv, { runs, warmup, outFile }) {
	const args = ['-n', String(runs), '-w', String(warmup), '-o', outFile, '--', ...argv];
	const r = await run(cfg.measure, args);
	let m;
	try {
		m = JSON.parse(r.stdout);
	} catch {
		return { ok: false, status: r.code, error: `measure failed: ${r.stderr.trim()}` };
	}
	const stdout = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
	const res = { ok: m.status === 0, status: m.status, wall: m.wall_s, rss: m.max_rss_kb, stdout };
	if (m.wall_s.length) {
		res.median = median(m.wall_s);
		res.min = Math.min(...m.wall_s);
		res.max = Math.max(...m.wall_s);
		res.rss_kb = Math.max(...m.max_rss_kb);
		res.cpu_median = median(m.cpu_s);
	}
	if (!res.ok)
		res.error = `exit status ${m.status}${m.status > 128 ? ` (signal ${m.status - 128})` : ''}` +
			`${r.stderr.trim() ? `: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`;
	return res;
}

module.exports = { measure };
