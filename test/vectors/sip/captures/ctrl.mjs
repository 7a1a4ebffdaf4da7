import net from 'node:net';
const [uri] = process.argv.slice(2);
const s = net.connect(4444, '127.0.0.1');
const send = (command, params = '') => { const j = JSON.stringify({ command, params, token: command }); s.write(`${Buffer.byteLength(j)}:${j},`); };
s.on('connect', () => send('dial', uri));
setTimeout(() => { send('quit'); setTimeout(() => process.exit(0), 300); }, 3000);
