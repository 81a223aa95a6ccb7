// bench/lib/stats.js: the few statistics the report needs.
'use strict';

function median(xs) {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function geomean(xs) {
	const ok = xs.filter((x) => Number.isFinite(x) && x > 0);
	if (ok.length === 0)
		return NaN;
	return Math.exp(ok.reduce((a, x) => a + Math.log(x), 0) / ok.length);
}

module.exports = { median, geomean };
