import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeTempDir } from '../wav/sox.js';

const child = fileURLToPath(new URL('./fixtures/recordUnderFileSizeLimit.js', import.meta.url));

describe('WavRecorder reports a failing disk from finish', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('recfail');
  });
  afterEach(() => tmp.remove());

  it('rejects finish with MEDIA_RECORDER_WRITE_FAILED (EFBIG) when the kernel refuses writes, and leaves no file', () => {
    // RLIMIT_FSIZE of 32 KiB (bash counts 1024-byte blocks): 10 s at 8 kHz is 160 KB, so a real
    // write(2) fails with EFBIG part-way, just as a full disk fails with ENOSPC. No root needed.
    const out = execFileSync('bash', ['-c', 'ulimit -f 32 && exec "$0" "$1" "$2"', process.execPath, child, tmp.dir], { encoding: 'utf8' });
    const report = JSON.parse(out.trim()) as { ok: boolean; code?: string; causeCode?: string; errorBeforeFinish: string | null; files: string[] };
    assert.equal(report.ok, false, `finish succeeded under a 32 KiB file size limit: ${out}`);
    assert.equal(report.code, 'MEDIA_RECORDER_WRITE_FAILED');
    assert.equal(report.causeCode, 'EFBIG');
    assert.equal(report.errorBeforeFinish, 'MEDIA_RECORDER_WRITE_FAILED', 'the error is visible on the recorder before finish');
    assert.deepEqual(report.files, [], 'the temporary file is removed');
  });
});
