/**
 * Prints the RFC 4475 results message by message: name, expected parser outcome, actual outcome,
 * PASS/FAIL, and which layer gives the final answer.   node dist/bench/rfc4475Report.js
 */
import { parseMessage, SipParseError } from '../src/sip/message/index.js';
import { readVector, rfc4475, type ParserOutcome } from '../test/vectors/sip/rfc4475/expectations.js';

function describe(o: ParserOutcome): string {
  return o.outcome === 'parse' ? 'parsed' : `${o.code} ${o.status}${o.isResponse === true ? ' (response: drop)' : ''}`;
}

let failures = 0;
for (const v of rfc4475) {
  let actual: ParserOutcome;
  try {
    parseMessage(readVector(v.name), { datagram: true });
    actual = { outcome: 'parse' };
  } catch (e) {
    if (!(e instanceof SipParseError)) throw e;
    actual = { outcome: 'error', code: e.code, status: e.status, isResponse: e.isResponse };
  }
  const pass = describe(actual) === describe(v.expect);
  if (!pass) failures++;
  console.log(`${v.name.padEnd(11)} §${v.section.padEnd(9)} expected ${describe(v.expect).padEnd(42)} actual ${describe(actual).padEnd(42)} ${pass ? 'PASS' : 'FAIL'}  [${v.layer}]`);
}
console.log(`${rfc4475.length - failures}/${rfc4475.length} PASS`);
process.exitCode = failures === 0 ? 0 : 1;
