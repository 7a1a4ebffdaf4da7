import dgram from 'node:dgram'; import fs from 'node:fs';
const s = dgram.createSocket('udp4'); let n = 0;
const invite = fs.readFileSync('sipp-1.sip', 'latin1').replace(/127\.0\.0\.1:5998/g, '127.0.0.1:5994').replace('sip:service@127.0.0.1:5999', 'sip:service@127.0.0.1:5995');
s.on('message', (m) => { fs.writeFileSync(`sippuas-resp-${++n}.sip`, m); const t = m.toString('latin1');
  if (t.startsWith('SIP/2.0 200') && /CSeq: 1 INVITE/.test(t)) {
    const totag = t.match(/^To:.*$/m)[0];
    const ack = invite.split('\r\n\r\n')[0].replace(/^INVITE /, 'ACK ').replace(/CSeq: 1 INVITE/, 'CSeq: 1 ACK').replace(/^To:.*$/m, totag).replace(/branch=[^\r\n;]*/, 'branch=z9hG4bK-ack-1').replace(/Content-Type:.*\r\n/, '').replace(/Content-Length:.*/, 'Content-Length: 0') + '\r\n\r\n';
    s.send(ack, 5995, '127.0.0.1');
    const bye = ack.replace(/^ACK /, 'BYE ').replace('CSeq: 1 ACK', 'CSeq: 2 BYE').replace('z9hG4bK-ack-1', 'z9hG4bK-bye-1');
    fs.writeFileSync('sipp-bye.sip', bye);
    setTimeout(() => s.send(bye, 5995, '127.0.0.1'), 200);
  }
});
s.bind(5994, '127.0.0.1', () => s.send(invite, 5995, '127.0.0.1'));
setTimeout(() => process.exit(0), 1500);
