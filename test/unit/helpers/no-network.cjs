// Preloaded with --require: any socket, DNS lookup or HTTP request makes the process fail loudly.
const net = require('node:net');
const dns = require('node:dns');
const tls = require('node:tls');
function refuse(what) {
  return function () {
    process.stderr.write(`NETWORK ATTEMPT: ${what}\n`);
    process.exit(99);
  };
}
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.connect = net.createConnection = refuse('net.connect');
tls.connect = refuse('tls.connect');
dns.lookup = refuse('dns.lookup');
dns.resolve = refuse('dns.resolve');
dns.promises.lookup = refuse('dns.promises.lookup');
globalThis.fetch = refuse('fetch');
