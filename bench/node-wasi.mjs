// bench/node-wasi.mjs: runs a wasm32-wasi command on Node's V8 through
// node:wasi (preview1), the peer runner bench/run compares nacre with.
// Usage: node node-wasi.mjs app.wasm [ARGS...]; exits with the program's
// exit code.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
if (!file) {
	process.stderr.write('usage: node node-wasi.mjs app.wasm [ARGS...]\n');
	process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
