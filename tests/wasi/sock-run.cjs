// tests/wasi/sock-run.cjs: runs a WASI test executable with a socket as
// its stdin, plays the peer, and exits with the program's status (or 99
// if the peer saw the wrong thing).  Used by run-wasi.
//   node sock-run.cjs stream|listen EXE [ARGS...]
// SOCK_RUN_TIMEOUT: seconds before giving up (default 20).
// stream: stdin is the server end of a loopback TCP connection; the peer
// sends "hello from the runner\n", expects "reply\n" then end of stream.
// listen: stdin is a listening loopback socket; when the program prints
// "ready", the peer connects, sends "ping\n", expects "pong\n" then the end.
'use strict';
const net = require('node:net');
const { spawn } = require('node:child_process');

const [mode, exe, ...args] = process.argv.slice(2);
let peerError = null;
const timer = setTimeout(() => { console.error('sock-run: timed out'); process.exit(98); }, 1000 * (+process.env.SOCK_RUN_TIMEOUT || 20));

function finish(child) {
	child.on('exit', (code, signal) => {
		clearTimeout(timer);
		if (peerError) {
			console.error(`sock-run: ${peerError}`);
			process.exit(99);
		}
		process.exit(code ?? 128 + (require('node:os').constants.signals[signal] || 0));
	});
}

// talk(socket, send, want): sends, then checks all that arrives until EOF.
function talk(sock, send, want, done) {
	let got = '';
	sock.setEncoding('utf8');
	sock.on('data', d => { got += d; });
	sock.on('end', () => {
		if (got !== want)
			peerError = `the program sent ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
		sock.end();
		done();
	});
	sock.on('error', e => { peerError = `peer socket: ${e.message}`; });
	sock.write(send);
}

const server = net.createServer({ pauseOnConnect: true });
server.listen(0, '127.0.0.1', () => {
	const port = server.address().port;
	if (mode === 'listen') {
		const child = spawn(exe, args, { stdio: [server._handle.fd, 'pipe', 'inherit'] });
		server.close();
		let out = '', connected = false;
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', d => {
			process.stdout.write(d);
			out += d;
			if (!connected && /^ready$/m.test(out)) {
				connected = true;
				talk(net.connect(port, '127.0.0.1'), 'ping\n', 'pong\n', () => {});
			}
		});
		finish(child);
		return;
	}
	const client = net.connect(port, '127.0.0.1');
	server.once('connection', conn => {
		const child = spawn(exe, args, { stdio: [conn._handle.fd, 'inherit', 'inherit'] });
		conn.destroy();
		server.close();
		talk(client, 'hello from the runner\n', 'reply\n', () => {});
		finish(child);
	});
});
