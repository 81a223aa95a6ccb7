// tests/wasi/node-wasi.cjs: runs a wasm32-wasi command under Node's
// node:wasi with nacre build's grant flags, as a reference for the WASI
// tests (run-wasi --node, run-testsuite --node).  Node has no read-only
// preopen: --dir-ro grants read-write here, so the read-only checks fail.
//   node node-wasi.cjs [--dir HOST::GUEST | --dir DIR | --dir-ro HOST::GUEST |
//                      --env NAME=VALUE | --env NAME]... FILE.wasm [ARGS...]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { WASI } = require('node:wasi');

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let i = 0;
for (; i < argv.length && argv[i].startsWith('--'); i += 2) {
	const v = argv[i + 1];
	if (argv[i] === '--dir' || argv[i] === '--dir-ro') {
		const [host, guest] = v.includes('::') ? v.split('::') : [v, v];
		preopens[guest] = path.resolve(host);
	} else if (argv[i] === '--env') {
		const eq = v.indexOf('=');
		if (eq >= 0)
			env[v.slice(0, eq)] = v.slice(eq + 1);
		else if (process.env[v] !== undefined)
			env[v] = process.env[v];
	} else {
		console.error(`node-wasi: unknown option ${argv[i]}`);
		process.exit(2);
	}
}
const file = argv[i];
const wasi = new WASI({ version: 'preview1', args: [file, ...argv.slice(i + 1)], env, preopens, returnOnExit: true });
const mod = new WebAssembly.Module(fs.readFileSync(file));
const instance = new WebAssembly.Instance(mod, wasi.getImportObject());
let code;
try {
	code = wasi.start(instance);
} catch (e) {
	console.error(`wasm trap: ${e.message}`);
	code = 134;
}
process.exitCode = code;
