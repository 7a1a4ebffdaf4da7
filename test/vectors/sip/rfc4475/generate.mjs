#!/usr/bin/env node
/**
 * Writes one NAME.dat per RFC 4475 test message. Every message here was written for OpenUM to
 * exercise the property RFC 4475 describes for that name; none is a copy of the RFC's bytes.
 * Run: node test/vectors/sip/rfc4475/generate.mjs   (rewrites the .dat files in this folder)
 *
 * Helpers: lines are joined with CRLF; `body()` appends an empty line and a body whose
 * Content-Length is computed in bytes; raw bytes (NUL, DEL, non-UTF-8) come from Buffers.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const CRLF = '\r\n';

/** Buffer from parts: strings are UTF-8, numbers are raw bytes, Buffers are copied. */
function bytes(...parts) {
  return Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.from([p]) : Buffer.isBuffer(p) ? p : Buffer.from(p, 'utf8'))));
}
/** Header lines, then CRLF CRLF, then the body; "Content-Length: *" is replaced by the byte length. */
function msg(lines, body = Buffer.alloc(0)) {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const head = lines.map((l) => (typeof l === 'string' && l === 'Content-Length: *' ? `Content-Length: ${b.length}` : l));
  const parts = [];
  for (const l of head) parts.push(typeof l === 'string' ? Buffer.from(l, 'utf8') : l, Buffer.from(CRLF));
  parts.push(Buffer.from(CRLF), b);
  return Buffer.concat(parts);
}
const sdp = ['v=0', 'o=openum 4475 4475 IN IP4 192.0.2.5', 's=-', 'c=IN IP4 192.0.2.5', 't=0 0', 'm=audio 49170 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join(CRLF);

const v = {};

// ---------- RFC 4475 §3.1.1 valid messages ----------
v.wsinv = msg([
  'INVITE sip:alice@atlanta.example.com;unknownparam SIP/2.0',
  'TO :',
  ' sip:alice@atlanta.example.com ;   tag    = 8321234356',
  'from   : "Bob \\\\ \\"Jr\\"" <sip:bob@biloxi.example.com>',
  '  ;',
  '  tag = 2a8f3b',
  'MaX-fOrWaRdS: 0068',
  'Call-ID: wsinv.8fj3k2@192.0.2.1',
  'Content-Length   : *',
  'cseq: 0009',
  '  INVITE',
  'Via  : SIP  /   2.0',
  ' /UDP',
  '    192.0.2.2;branch=z9hG4bKwsinv1',
  's :',
  'NewFangledHeader:   newfangled value',
  ' continued newfangled value',
  'UnknownHeaderWithUnusualValue: ;;,,;;,;',
  'Content-Type: application/sdp',
  'Route:',
  ' <sip:services.example.com;lr;unknownwith=value;unknown-no-value>',
  'v:  SIP  / 2.0  / TCP     spindle.example.com   ;',
  '  branch  =   z9hG4bK9ikj8  ,',
  ' SIP  /    2.0   / UDP  192.168.255.111   ; branch=',
  ' z9hG4bK30239',
  'm:"Quoted string \\"\\"" <sip:bob@biloxi.example.com> ; newparam =',
  '      newvalue ;',
  '  secondparam ; q = 0.33',
].map((l) => l.replace('Content-Length   : *', 'Content-Length   : *')), sdp);
// (Content-Length with spaces before the colon: patched below because msg() matches the exact form.)
v.wsinv = Buffer.from(v.wsinv.toString('latin1').replace('Content-Length   : *', `Content-Length   : ${Buffer.byteLength(sdp)}`), 'latin1');

const oddUser = "1_odd.URI~(so!true)&isn't+it$/wild?,/;;*";
const oddMethod = "!interesting-Method0123456789_*+`.%indeed'~";
v.intmeth = msg([
  `${oddMethod} sip:${oddUser}:&pw+has=1,odd!*pas$wo~d_too.(isn't-it)@example.com SIP/2.0`,
  'Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`\'~',
  bytes('To: "BEL:\\', 0x07, ' NUL:\\', 0x00, ' DEL:\\', 0x7f, `" <sip:${oddUser}@example.com>`),
  "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"работающий\";tag=_token~1'+`*%!-.",
  "Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{",
  `CSeq: 139122385 ${oddMethod}`,
  'Max-Forwards: 255',
  "extensionHeader-!.%*+_`'~: \uFEFF大停電",
  'Content-Length: 0',
]);

v.esc01 = msg([
  'INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0',
  'To: <sip:%75se%72@example.com>',
  'From: <sip:I%20have%20spaces@example.net>;tag=938',
  'Max-Forwards: 87',
  'i: esc01.239409asdfakjkn23onasd0-3234',
  'CSeq: 234234 INVITE',
  'Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw',
  'C: application/sdp',
  'Contact:',
  '  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>',
  'Content-Length: *',
], sdp);

v.escnull = msg([
  'REGISTER sip:example.com SIP/2.0',
  'To: sip:null-%00-null@example.com',
  'From: sip:null-%00-null@example.com;tag=839923423',
  'Max-Forwards: 70',
  'Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd',
  'CSeq: 14398234 REGISTER',
  'Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw',
  'Contact: <sip:%00@host5.example.com>',
  'Contact: <sip:%00%00@host5.example.com>',
  'L:0',
]);

v.esc02 = msg([
  'RE%47IST%45R sip:registrar.example.com SIP/2.0',
  'To: "%Z%45" <sip:resource@example.com>',
  'From: "%Z%45" <sip:resource@example.com>;tag=f232jadfj23',
  'Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf',
  'Via: SIP/2.0/TCP host.example.com;branch=z9hG4bK209824',
  'CSeq: 29344 RE%47IST%45R',
  'Max-Forwards: 70',
  'Contact: <sip:alias1@host1.example.com>',
  'C%6Fntact: <sip:alias2@host2.example.com>',
  'Contact: <sip:alias3@host3.example.com>',
  'l: 0',
]);

v.lwsdisp = msg([
  'OPTIONS sip:user@example.com SIP/2.0',
  'To: sip:user@example.com',
  'From: caller<sip:caller@example.com>;tag=323',
  'Max-Forwards: 70',
  'Call-ID: lwsdisp.1234abcd@funky.example.com',
  'CSeq: 60 OPTIONS',
  'Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw',
  'l: 0',
]);

{
  const longUser = 'amazinglylongcallername'.repeat(12);
  const longDisplay = 'I have a user name of ' + 'extreme '.repeat(60) + 'proportion';
  const longTag = 'T'.repeat(300);
  const vias = [];
  for (let i = 0; i < 12; i++) vias.push(`Via: SIP/2.0/TCP sip${i}.example.com:${5060 + i};branch=z9hG4bK${'b'.repeat(100)}${i}`);
  vias.push(Array.from({ length: 10 }, (_, i) => `SIP/2.0/UDP relay${i}.example.org;branch=z9hG4bKrelay${i}`).join(', ').replace(/^/, 'Via: '));
  v.longreq = msg([
    `INVITE sip:${longUser}@example.com SIP/2.0`,
    `To: "${longDisplay}" <sip:${longUser}@example.com>`,
    `From: sip:${longUser}@example.net;tag=${longTag}`,
    `Call-ID: longreq.${'onereallylongcallid'.repeat(30)}`,
    'CSeq: 3882340 INVITE',
    `Unknown-${'LongLongLong'.repeat(20)}: ${'unknown-value-'.repeat(200)}`,
    ...vias,
    'Max-Forwards: 70',
    `Contact: <sip:${longUser}@host5.example.net>`,
    'Content-Type: application/sdp',
    'Content-Length: *',
  ], sdp);
}

v.dblreq = Buffer.concat([
  msg([
    'REGISTER sip:example.com SIP/2.0',
    'To: sip:j.user@example.com',
    'From: sip:j.user@example.com;tag=43251j3j324',
    'Max-Forwards: 8',
    'I: dblreq.0ha0isndaksdj99sdfafnl3lk233412',
    'Contact: sip:j.user@host.example.com',
    'CSeq: 8 REGISTER',
    'Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdjuw23492',
    'Content-Length: 0',
  ]),
  msg([
    'INVITE sip:joe@example.com SIP/2.0',
    't: sip:joe@example.com',
    'From: sip:caller@example.net;tag=141334',
    'Max-Forwards: 8',
    'Call-ID: dblreq.0ha0isnda977644900765@192.0.2.15',
    'CSeq: 8 INVITE',
    'Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234',
    'Content-Type: application/sdp',
    'Content-Length: *',
  ], sdp),
]);

v.semiuri = msg([
  'OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0',
  'To: sip:j_user@example.com',
  'From: sip:caller@example.org;tag=33242',
  'Max-Forwards: 3',
  'Call-ID: semiuri.0ha0isndaksdj',
  'CSeq: 8 OPTIONS',
  'Accept: application/sdp, application/pkcs7-mime,',
  '        multipart/mixed, multipart/signed,',
  '        message/sip, message/sipfrag',
  'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw',
  'l: 0',
]);

v.transports = msg([
  'OPTIONS sip:user@example.com SIP/2.0',
  'To: sip:user@example.com',
  'From: <sip:caller@example.com>;tag=323',
  'Max-Forwards: 70',
  'Call-ID: transports.kijh4akdnaqjkwendsasfdj',
  'Accept: application/sdp',
  'CSeq: 60 OPTIONS',
  'Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw',
  'Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf',
  'Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj',
  'Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en',
  'Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee',
  'l: 0',
]);

{
  const boundary = '----=_OpenUM_4475_mpart01';
  const signature = Buffer.from([0x30, 0x82, 0x01, 0x00, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x00, 0xff, 0xfe, 0x80, 0x0d, 0x0a, 0x2d, 0xc3, 0x28, 0xa0, 0xa1, 0x00, 0x00, 0x7f, 0xe2, 0x82]);
  const body = bytes(
    `--${boundary}`, CRLF,
    'Content-Type: text/plain', CRLF,
    'Content-Transfer-Encoding: binary', CRLF, CRLF,
    'You have one new voice message.', CRLF,
    `--${boundary}`, CRLF,
    'Content-Type: application/pkcs7-signature; name=smime.p7s', CRLF,
    'Content-Transfer-Encoding: binary', CRLF,
    'Content-Disposition: attachment; filename=smime.p7s;', CRLF,
    '   handling=required', CRLF, CRLF,
    signature, CRLF,
    `--${boundary}--`, CRLF,
  );
  v.mpart01 = msg([
    'MESSAGE sip:kumiko@example.org SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-mpart01',
    'Max-Forwards: 70',
    'From: "Hal" <sip:hal@example.com>;tag=mp01',
    'To: <sip:kumiko@example.org>',
    'Call-ID: mpart01.7sdf8234@192.0.2.1',
    'CSeq: 17 MESSAGE',
    `Content-Type: multipart/signed;protocol="application/pkcs7-signature";micalg=sha1;boundary="${boundary}"`,
    'Content-Length: *',
  ], body);
}

v.unreason = msg([
  'SIP/2.0 200 = 2**3 * 5**2 <двести — не простое число>',
  'Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923',
  'Call-ID: unreason.1234ksdfak3j2erwedfsASdf',
  'CSeq: 35 INVITE',
  'From: sip:user@example.com;tag=11141343',
  'To: sip:user@example.edu;tag=2229',
  'Content-Type: application/sdp',
  'Contact: <sip:user@host198.example.com>',
  'Content-Length: *',
], sdp);

v.noreason = msg([
  'SIP/2.0 100 ',
  'Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe',
  'Call-ID: noreason.asndj203insdf99223ndf',
  'CSeq: 35 INVITE',
  'From: <sip:user@example.com>;tag=39ansfi3',
  'To: <sip:user@example.edu>;tag=902jndnke3',
  'Content-Length: 0',
]);

// ---------- RFC 4475 §3.1.2 invalid messages ----------
const plainRequest = (start, extra = [], body) => msg([
  start,
  'Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bK-openum-4475',
  'Max-Forwards: 70',
  'From: <sip:caller@example.net>;tag=134161461246',
  'To: <sip:user@example.com>',
  'Call-ID: openum4475.3jd8s7f6a5@192.0.2.15',
  `CSeq: 8 ${start.split(' ')[0]}`,
  ...extra,
  'Content-Length: *',
], body);

v.badinv01 = msg([
  'INVITE sip:user@example.com SIP/2.0',
  'To: sip:j.user@example.com',
  'From: sip:caller@example.net;tag=134161461246',
  'Max-Forwards: 7',
  'Call-ID: badinv01.0ha0isndaksdjasdf3234nas',
  'CSeq: 8 INVITE',
  'Via: SIP/2.0/UDP 192.0.2.15;;,;,,',
  'Contact: "Joe" <sip:joe@example.org>;;;;',
  'Content-Type: application/sdp',
  'Content-Length: *',
], sdp);

v.clerr = Buffer.from(plainRequest('INVITE sip:user@example.com SIP/2.0', ['Content-Type: application/sdp'], sdp).toString('latin1').replace(/Content-Length: \d+/, 'Content-Length: 9999'), 'latin1');
v.ncl = Buffer.from(plainRequest('INVITE sip:user@example.com SIP/2.0', ['Content-Type: application/sdp'], sdp).toString('latin1').replace(/Content-Length: \d+/, 'Content-Length: -999'), 'latin1');

v.scalar02 = msg([
  'REGISTER sip:example.com SIP/2.0',
  'Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3',
  'To: <sip:user@example.com>',
  'From: <sip:user@example.com>;tag=239232jh3',
  'CSeq: 36893488147419103232 REGISTER',
  'Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32',
  'Max-Forwards: 300',
  'Expires: 1000000000000000000000000000000000',
  'Contact: <sip:user@host129.example.com>',
  '  ;expires=280297596632815',
  'Content-Length: 0',
]);

v.scalarlg = msg([
  'SIP/2.0 503 Service Unavailable',
  'Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;received=192.0.2.129',
  'To: <sip:user@example.com>',
  'From: <sip:other@example.net>;tag=2easdjfejw',
  'CSeq: 9292394834772304023312 OPTIONS',
  'Call-ID: scalarlg.noase0of0234hn2qofoaf0232aewf2394r',
  'Retry-After: 949302838503028349304023988',
  'Warning: 1812 overture "In Progress"',
  'Content-Length: 0',
]);

v.quotbal = plainRequest('INVITE sip:user@example.com SIP/2.0', ['Content-Type: application/sdp'], sdp);
v.quotbal = Buffer.from(v.quotbal.toString('latin1').replace('To: <sip:user@example.com>', 'To: "Mr. J. User <sip:j.user@example.com>'), 'latin1');

v.ltgtruri = plainRequest('INVITE <sip:user@example.com> SIP/2.0', ['Content-Type: application/sdp'], sdp);
v.lwsruri = plainRequest('INVITE sip:user@example.com; lr SIP/2.0', ['Content-Type: application/sdp'], sdp);
v.lwsstart = plainRequest('INVITE  sip:user@example.com  SIP/2.0', ['Content-Type: application/sdp'], sdp);
v.trws = plainRequest('OPTIONS sip:remote-target@example.com SIP/2.0  ');
v.escruri = plainRequest('INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0', ['Content-Type: application/sdp'], sdp);
v.baddate = plainRequest('INVITE sip:user@example.com SIP/2.0', ['Date: Fri, 01 Jan 2010 16:00:00 EST', 'Content-Type: application/sdp'], sdp);
v.regbadct = plainRequest('REGISTER sip:example.com SIP/2.0', ['Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E']);
v.badaspec = Buffer.from(plainRequest('OPTIONS sip:user@example.org SIP/2.0').toString('latin1').replace('To: <sip:user@example.com>', 'To: "Watson, Thomas" < sip:t.watson@example.org >'), 'latin1');
v.baddn = Buffer.from(plainRequest('OPTIONS sip:t.watson@example.org SIP/2.0').toString('latin1').replace('From: <sip:caller@example.net>;tag=134161461246', 'From: Bell, Alexander <sip:a.g.bell@example.com>;tag=43'), 'latin1');
v.badvers = plainRequest('OPTIONS sip:t.watson@example.org SIP/7.0');
v.mismatch01 = Buffer.from(plainRequest('OPTIONS sip:user@example.com SIP/2.0').toString('latin1').replace('CSeq: 8 OPTIONS', 'CSeq: 8 INVITE'), 'latin1');
v.mismatch02 = Buffer.from(plainRequest('NEWMETHOD sip:user@example.com SIP/2.0', ['Content-Type: application/sdp'], sdp).toString('latin1').replace('CSeq: 8 NEWMETHOD', 'CSeq: 8 INVITE'), 'latin1');
v.bigcode = msg([
  'SIP/2.0 4294967301 better not break the receiver',
  'Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe',
  'Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i',
  'CSeq: 353494 INVITE',
  'From: <sip:user@example.com>;tag=39ansfi3',
  'To: <sip:user@example.edu>;tag=902jndnke3',
  'Content-Length: 0',
  'Contact: <sip:user@host105.example.com>',
]);

// ---------- RFC 4475 §3.2 transaction layer ----------
v.badbranch = msg([
  'OPTIONS sip:user@example.com SIP/2.0',
  'To: sip:user@example.com',
  'From: sip:caller@example.org;tag=33242',
  'Max-Forwards: 3',
  'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK',
  'Accept: application/sdp',
  'Call-ID: badbranch.sadonfo23i420jv0as0derf3j3n',
  'CSeq: 8 OPTIONS',
  'l: 0',
]);

// ---------- RFC 4475 §3.3 application layer ----------
v.insuf = msg([
  'INVITE sip:user@example.com SIP/2.0',
  'CSeq: 193942 INVITE',
  'Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf',
  'Content-Type: application/sdp',
  'l: *',
], sdp);
v.insuf = Buffer.from(v.insuf.toString('latin1').replace('l: *', `l: ${Buffer.byteLength(sdp)}`), 'latin1');

v.unkscm = plainRequest('OPTIONS nobodyknowsthisscheme:totallyopaquecontent SIP/2.0');
v.novelsc = plainRequest('OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0');
v.unksm2 = msg([
  'REGISTER sip:example.com SIP/2.0',
  'To: isbn:2983792873',
  'From: <http://www.example.com>;tag=3234233',
  'Call-ID: unksm2.daksdj@hyphenated-host.example.com',
  'CSeq: 234902 REGISTER',
  'Max-Forwards: 70',
  'Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKkdjuw',
  'Contact: <name:John_Smith>',
  'l: 0',
]);
v.bext01 = plainRequest('OPTIONS sip:user@example.com SIP/2.0', ['Require: nothingSupportsThis, nothingSupportsThisEither', 'Proxy-Require: noProxiesSupportThis, norDoAnyProxiesSupportThis']);
v.invut = plainRequest('INVITE sip:user@example.com SIP/2.0', ['Contact: <sip:caller@host5.example.net>', 'Content-Type: application/unknownformat'],
  '<audio> <pcmu port="443"/> </audio>\r\n');
v.regaut01 = plainRequest('REGISTER sip:example.com SIP/2.0', ['Contact: <sip:j.user@host.example.com>', 'Authorization: NoOneKnowsThisScheme opaque-data=here']);
v.multi01 = msg([
  'INVITE sip:user@company.com SIP/2.0',
  'Contact: <sip:caller@host25.example.net>',
  'Via: SIP/2.0/UDP 192.0.2.25;branch=z9hG4bKkdjuw',
  'Max-Forwards: 70',
  'CSeq: 5 INVITE',
  'Call-ID: multi01.98asdh@192.0.2.1',
  'CSeq: 59 INVITE',
  'Call-ID: multi01.98asdh@192.0.2.2',
  'From: sip:caller@example.com;tag=3413415',
  'To: sip:user@example.com',
  'To: sip:other@example.net',
  'From: sip:caller@example.net;tag=2923420123',
  'Content-Type: application/sdp',
  'l: *',
  'Contact: <sip:caller@host36.example.net>',
  'Max-Forwards: 5',
], sdp);
v.multi01 = Buffer.from(v.multi01.toString('latin1').replace('l: *', `l: ${Buffer.byteLength(sdp)}`), 'latin1');
v.mcl01 = msg([
  'OPTIONS sip:user@example.com SIP/2.0',
  'Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bK293423',
  'To: <sip:user@example.com>',
  'From: <sip:other@example.net>;tag=3923942',
  'Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf',
  'CSeq: 15932 OPTIONS',
  'Content-Length: 13',
  'Max-Forwards: 60',
  'Content-Length: 5',
  'Content-Type: text/plain',
], 'There\'s no way to know how many octets are supposed to be here.\r\n');
v.bcast = msg([
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923',
  'Via: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23',
  'Call-ID: bcast.0a0isndf98q3r0aaspl@192.0.2.198',
  'CSeq: 35 INVITE',
  'From: sip:user@example.com;tag=11141343',
  'To: sip:user@example.edu;tag=2229',
  'Contact: <sip:user@host28.example.com>',
  'Content-Type: application/sdp',
  'Content-Length: *',
], sdp);
v.zeromf = Buffer.from(plainRequest('OPTIONS sip:user@example.com SIP/2.0').toString('latin1').replace('Max-Forwards: 70', 'Max-Forwards: 0'), 'latin1');
v.cparam01 = plainRequest('REGISTER sip:example.com SIP/2.0', ['Contact: sip:+19725552222@gw1.example.net;unknownparam']);
v.cparam02 = plainRequest('REGISTER sip:example.com SIP/2.0', ['Contact: <sip:+19725552222@gw1.example.net;unknownparam>']);
v.regescrt = plainRequest('REGISTER sip:example.com SIP/2.0', ['Contact: <sip:user@example.com?Route=%3Csip:sip.example.com%3E>']);
v.sdp01 = plainRequest('INVITE sip:user@example.com SIP/2.0', ['Contact: <sip:caller@host5.example.net>', 'Accept: text/nobodyknowsthis', 'Content-Type: application/sdp'], sdp);

// ---------- RFC 4475 §3.4 backward compatibility ----------
v.inv2543 = msg([
  'INVITE sip:UserB@example.com SIP/2.0',
  'Via: SIP/2.0/UDP iftgw.example.com',
  'From: <sip:+13035551111@ift.client.example.net;user=phone>',
  'Record-Route: <sip:UserB@example.com;maddr=ss1.example.com>',
  'To: sip:+16505552222@ss1.example.net;user=phone',
  'Call-ID: inv2543.1717@ift.client.example.com',
  'CSeq: 56 INVITE',
  'Content-Type: application/sdp',
  'Content-Length: *',
], sdp);

for (const [name, data] of Object.entries(v)) writeFileSync(join(here, `${name}.dat`), data);
console.log(`wrote ${Object.keys(v).length} vectors to ${here}`);
