// bench/lib/build.js: turns each benchmark program into the executables
// one pair compares: native (clang-19 -O2, with or without the
// vectorisers), wasm32-wasi (clang-19 -O2, with or without -msimd128),
// and the Wasm compiled by nacre with guard pages and with explicit bounds
// checks (and, asked for, masked and --spectre).  Outputs go to the work
// directory and are reused while fresh.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { run, fresh } = require('./proc');

// The two fair comparisons: both sides may vectorise, or neither does.
const PAIRS = {
	simd: { label: 'SIMD', native: ['-O2'], wasm: ['-O2', '-msimd128'] },
	scalar: { label: 'scalar', native: ['-O2', '-fno-vectorize', '-fno-slp-vectorize'], wasm: ['-O2'] },
};
// nacre's builds, by name, with the flags that make them: guard and
// explicit always; masked and spectre (the Spectre hardening) with
// bench/run --spectre, as they would make a default run half as long again.
// interruptible and metered (guard pages and the checks that let a host
// stop the code) with bench/run --checks.  o0, o1 and o3 (guard pages at
// the other optimisation levels: the run-time side of the compile-time
// curve) with bench/run --levels.
const BUILDS = { guard: ['--bounds=guard'], explicit: ['--bounds=explicit'], masked: ['--bounds=masked'], spectre: ['--spectre'],
	interruptible: ['--bounds=guard', '--interruptible'], metered: ['--bounds=guard', '--metered'],
	o0: ['--bounds=guard', '-O0'], o1: ['--bounds=guard', '-O1'], o3: ['--bounds=guard', '-O3'] };
const BOUNDS = ['guard', 'explicit'];
const SPECTRE_BOUNDS = ['masked', 'spectre'];
const CHECK_BUILDS = ['interruptible', 'metered'];
const LEVEL_BUILDS = ['o0', 'o1', 'o3'];
// DWARF from wasi-libc's archive would otherwise be most of every module
// (and inflate nacre's MB/s); the code and data stay as clang made them.
const WASM_LINK = ['--target=wasm32-wasi', '-Wl,--strip-debug'];

// Runs one build step unless `out` is newer than its inputs; throws with
// the tool's message on failure, leaving no half-written output.
async function step(out, inputs, cmd, args) {
	if (fresh(out, inputs))
		return out;
	fs.mkdirSync(path.dirname(out), { recursive: true });
	const r = await run(cmd, args);
	if (r.code !== 0) {
		fs.rmSync(out, { force: true });
		throw new Error(`${path.basename(cmd)} ${args.join(' ')}: exit ${r.code}\n${r.stderr.trim()}`);
	}
	return out;
}

function nativeBuild(cfg, src, deps, out, flags) {
	return step(out, [src, ...deps], cfg.clang, [...flags, src, '-o', out, '-lm']);
}

function wasmBuild(cfg, src, deps, out, flags) {
	return step(out, [src, ...deps], cfg.clang, [...WASM_LINK, ...flags, src, '-o', out]);
}

// With --target, for cfg.target (cfg.nacreFlags).
function nacreBuild(cfg, wasm, out, flags) {
	return step(out, [wasm, cfg.nacre], cfg.nacre, ['build', wasm, '-o', out, ...flags, ...(cfg.nacreFlags || [])]);
}

// Where nacre's builds for cfg.target go, beside this machine's: the
// native and Wasm builds are the same for every target, and shared.
function targetDir(cfg) {
	return cfg.target || '';
}

// Paths of everything one program needs in one pair.
function artifacts(cfg, name, pair) {
	const dir = path.join(cfg.work, pair);
	return {
		native: path.join(dir, `${name}.native`),
		wasm: path.join(dir, `${name}.wasm`),
		...Object.fromEntries(Object.keys(BUILDS).map((b) => [b, path.join(dir, targetDir(cfg), `${name}.${b}`)])),
	};
}

// Builds one program for one pair; resolves with the artifact paths or
// {error}.
async function buildPair(cfg, prog, pair) {
	const a = artifacts(cfg, prog.name, pair);
	const p = PAIRS[pair];
	try {
		await nativeBuild(cfg, prog.src, prog.deps, a.native, p.native);
		await wasmBuild(cfg, prog.src, prog.deps, a.wasm, [...p.wasm, ...(prog.wasmFlags || [])]);
		for (const b of cfg.bounds || BOUNDS)
			await nacreBuild(cfg, a.wasm, a[b], BUILDS[b]);
		return a;
	} catch (e) {
		return { error: e.message };
	}
}

module.exports = { PAIRS, BUILDS, BOUNDS, SPECTRE_BOUNDS, CHECK_BUILDS, LEVEL_BUILDS, WASM_LINK, step, nativeBuild, wasmBuild, nacreBuild, buildPair, targetDir };
