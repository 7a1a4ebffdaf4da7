import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerLabel, callerName, cleanMultiline, escapeHtml, fileNamePart, MAX_CALLER_NAME } from '../../../src/delivery/email/callerText.js';

describe('caller-supplied text is made safe for mail', () => {
  it('turns CR, LF and other control characters into single spaces', () => {
    const table: [string, string | null][] = [
      ['Bob Sample', 'Bob Sample'],
      ['Bob Sample\r\nBcc: x@evil', 'Bob Sample Bcc: x@evil'],
      ['Bob\rSample', 'Bob Sample'],
      ['Bob\nSample', 'Bob Sample'],
      ['Bob\u0000\u0007\u001b[31mSample', 'Bob [31mSample'],
      ['Bob\u2028Sample\u2029', 'Bob Sample'],
      ['Bob\u0085Sample', 'Bob Sample'],
      ['"Bob Sample"', 'Bob Sample'],
      ['  \t ', null],
      ['', null],
    ];
    for (const [input, expected] of table) assert.equal(callerName(input), expected, JSON.stringify(input));
  });

  it('removes bidirectional overrides that would make a name read backwards', () => {
    assert.equal(callerName('Bob \u202eelpmaS\u202c'), 'Bob elpmaS');
    assert.equal(callerName('\u2066Alice\u2069'), 'Alice');
  });

  it('cuts a very long display name', () => {
    const name = callerName('A'.repeat(5000));
    assert.ok(name !== null && [...name].length === MAX_CALLER_NAME);
    assert.ok(name.endsWith('…'));
  });

  it('labels the caller by name, else number, else "Unknown caller"', () => {
    assert.equal(callerLabel('Bob Sample', '+15551234567'), 'Bob Sample');
    assert.equal(callerLabel(null, '+15551234567'), '+15551234567');
    assert.equal(callerLabel(' \r\n ', '\r\n'), 'Unknown caller');
    assert.equal(callerLabel(null, null), 'Unknown caller');
  });

  it('keeps line breaks in a transcript but no other control characters', () => {
    assert.equal(cleanMultiline('Hi,\r\nplease\u0000 call\r\r\n\n\n\nback'), 'Hi,\nplease call\n\nback');
    assert.equal(cleanMultiline('   '), null);
  });

  it('escapes HTML markup', () => {
    assert.equal(escapeHtml(`<script>alert("x")</script> & 'y'`), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });

  it('reduces a file-name part to safe ASCII that cannot name a path', () => {
    const table: [string | null, string][] = [
      ['Bob Sample', 'Bob-Sample'],
      ['../../etc/passwd', 'etc-passwd'],
      ['José Müller', 'Jose-Muller'],
      ['+1 (555) 123-4567', '+1-555-123-4567'],
      ['\u0000\r\n', 'unknown'],
      ['日本語', 'unknown'],
      [null, 'unknown'],
      ['x'.repeat(100), 'x'.repeat(32)],
    ];
    for (const [input, expected] of table) assert.equal(fileNamePart(input, 'unknown'), expected, JSON.stringify(input));
  });
});
