/**
 * Content-Type (RFC 3261 §20.15, media-type per RFC 2045/2046):
 *
 *   media-type = m-type SLASH m-subtype *(SEMI m-parameter)
 */
import { fail } from '../errors.js';
import { scanClass, skipWs, TOKEN } from '../lex.js';
import { readHeaderParams } from '../params.js';
import type { Params } from '../types.js';

export interface ContentType {
  /** Lower-cased "type/subtype", e.g. "application/sdp". */
  mediaType: string;
  type: string;
  subtype: string;
  /** Parameters (names lower-cased, quoted values unquoted): boundary, charset, … */
  params: Params;
}

const code = 'SIP_PARSE_BAD_CONTENT_TYPE';

export function parseContentType(value: string): ContentType {
  let i = skipWs(value, 0);
  const typeEnd = scanClass(value, i, TOKEN);
  if (typeEnd === i) fail(code, 'missing media type');
  const type = value.slice(i, typeEnd).toLowerCase();
  i = skipWs(value, typeEnd);
  if (value.charCodeAt(i) !== 47) fail(code, 'expected "/" in media type');
  i = skipWs(value, i + 1);
  const subEnd = scanClass(value, i, TOKEN);
  if (subEnd === i) fail(code, 'missing media subtype');
  const subtype = value.slice(i, subEnd).toLowerCase();
  const params: Params = new Map();
  const end = readHeaderParams(value, subEnd, params, code);
  if (end !== value.length) fail(code, 'unexpected text after media type');
  return { mediaType: `${type}/${subtype}`, type, subtype, params };
}
