// Captures the RTCP (and a few RTP packets) that baresip sends during a call, for the vectors in
// this folder. A minimal SIP UAS on 127.0.0.1:5980 answers baresip's INVITE with 200 OK and an
// SDP offering PCMU on 127.0.0.1:40000 (RTCP on 40001, no rtcp-mux), records every datagram
// received on those ports, and after 12 s sends BYE, so baresip's closing RTCP BYE is captured.
// Usage: baresip -f <dir with ./baresip-config as "config" and an "accounts" file> &
//        node capture-baresip-rtcp.mjs   (dials through baresip's ctrl_tcp on 127.0.0.1:4445)
import dgram from 'node:dgram';
import net from 'node:net';
import { writeFileSync } from 'node:fs';

const sip = dgram.createSocket('udp4');
const rtp = dgram.createSocket('udp4');
const rtcp = dgram.createSocket('udp4');
const got = { rtp: [], rtcp: [] };
rtp.on('message', (m) => { if (got.rtp.length < 5) got.rtp.push(m.toString('hex')); });
rtcp.on('message', (m) => got.rtcp.push(m.toString('hex')));
const header = (msg, name) => (msg.match(new RegExp(`^${name}:\\s*(.*)$`, 'mi')) ?? [])[1]?.trim();
let dialog = null;

sip.on('message', (buf, rinfo) => {
  const msg = buf.toString();
  if (msg.startsWith('INVITE ')) {
    const sdp = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=ptime:20', 'a=sendrecv', ''].join('\r\n');
    const to = `${header(msg, 'To')};tag=capture1`;
    dialog = { from: header(msg, 'From'), to, callId: header(msg, 'Call-ID'), contact: header(msg, 'Contact').replace(/^.*<|>.*$/g, ''), rinfo };
    const res = ['SIP/2.0 200 OK', ...msg.split('\r\n').filter((l) => /^Via:/i.test(l)), `From: ${dialog.from}`, `To: ${to}`, `Call-ID: ${dialog.callId}`, `CSeq: ${header(msg, 'CSeq')}`, 'Contact: <sip:capture@127.0.0.1:5980>', 'Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp].join('\r\n');
    sip.send(res, rinfo.port, rinfo.address);
  } else if (msg.startsWith('ACK ')) {
    setTimeout(() => {
      const bye = [`BYE ${dialog.contact} SIP/2.0`, 'Via: SIP/2.0/UDP 127.0.0.1:5980;branch=z9hG4bKcapturebye', 'Max-Forwards: 70', `From: ${dialog.to}`, `To: ${dialog.from}`, `Call-ID: ${dialog.callId}`, 'CSeq: 1 BYE', 'Content-Length: 0', '', ''].join('\r\n');
      sip.send(bye, dialog.rinfo.port, dialog.rinfo.address);
      setTimeout(finish, 1500);
    }, 12000);
  }
});

function finish() {
  writeFileSync('capture-out.json', JSON.stringify(got, null, 1));
  const c = net.connect(4445, '127.0.0.1', () => { const j = JSON.stringify({ command: 'quit', params: '', token: 'q' }); c.write(`${Buffer.byteLength(j)}:${j},`); setTimeout(() => process.exit(0), 300); });
  c.on('error', () => process.exit(0));
}

sip.bind(5980, '127.0.0.1', () => rtp.bind(40000, '127.0.0.1', () => rtcp.bind(40001, '127.0.0.1', () => {
  const c = net.connect(4445, '127.0.0.1', () => { const j = JSON.stringify({ command: 'dial', params: 'sip:1001@127.0.0.1:5980', token: 'd' }); c.write(`${Buffer.byteLength(j)}:${j},`); });
  c.on('error', (e) => { console.error('ctrl_tcp:', e.message); process.exit(1); });
})));
