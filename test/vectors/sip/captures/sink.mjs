// Listens on UDP and TCP 127.0.0.1:PORT, saves each SIP message received, answers nothing
// except a 486 to INVITE (so the UAC finishes) — writes files NAME-N.sip
import dgram from 'node:dgram'; import fs from 'node:fs';
const [port, prefix] = [Number(process.argv[2]), process.argv[3]];
let n = 0;
const s = dgram.createSocket('udp4');
s.on('message', (m, r) => {
  const txt = m.toString('latin1');
  if (!/^[A-Z]+ /.test(txt)) return;
  fs.writeFileSync(`${prefix}-${++n}.sip`, m);
  const method = txt.split(' ')[0];
  if (method === 'ACK') return;
  const hdr = (name) => (txt.match(new RegExp(`^(${name}):.*$`, 'gmi')) || []);
  const status = method === 'INVITE' ? '486 Busy Here' : '200 OK';
  const resp = [`SIP/2.0 ${status}`, ...hdr('Via|v'), ...hdr('From|f'), ...hdr('To|t').map(t => /tag=/.test(t) ? t : t + ';tag=sink1'), ...hdr('Call-ID|i'), ...hdr('CSeq'), 'Content-Length: 0', '', ''].join('\r\n');
  s.send(resp, r.port, r.address);
});
s.bind(port, '127.0.0.1');
setTimeout(() => process.exit(0), Number(process.argv[4] ?? 8000));
