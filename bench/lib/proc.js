// bench/lib/proc.js: running tools for the harness: a child process as a
// promise, a small pool that keeps at most N running, and the freshness
// test that lets a re-run skip builds whose inputs have not changed.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');

// Runs cmd with args; resolves with {code, stdout, stderr}; never rejects.
function run(cmd, args, opts = {}) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
		let stdout = '', stderr = '';
		child.stdout.on('data', (d) => { stdout += d; });
		child.stderr.on('data', (d) => { stderr += d; });
		child.on('error', (e) => resolve({ code: 127, stdout, stderr: stderr + e.message }));
		child.on('close', (code, signal) => resolve({ code: signal ? 128 : code, stdout, stderr }));
	});
}

// Runs the thunks (functions returning promises) with at most `jobs` in
// flight; resolves with their results in order.
async function pool(thunks, jobs) {
	const results = new Array(thunks.length);
	let next = 0;
	async function worker() {
		while (next < thunks.length) {
			const i = next++;
			results[i] = await thunks[i]();
		}
	}
	await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
	return results;
}

// True when `out` exists and is newer than every input.
function fresh(out, inputs) {
	let outTime;
	try {
		outTime = fs.statSync(out).mtimeMs;
	} catch {
		return false;
	}
	return inputs.every((f) => fs.statSync(f).mtimeMs <= outTime);
}

module.exports = { run, pool, fresh };
