/**
 * Caller-supplied text (the display name and number from a SIP From or P-Asserted-Identity, a
 * machine transcript) is hostile: it must not add a mail header, break out of the HTML body, spoof
 * its direction, or make a file name that walks out of a folder. These functions make it safe for
 * each place it goes. Header encoding itself (RFC 2047) is nodemailer's job; this layer makes sure
 * nothing reaches nodemailer that could be read as a line break.
 */

import { deliveryLimits } from '../limits.js';

export const MAX_CALLER_NAME = deliveryLimits.maxCallerName;
export const MAX_CALLER_NUMBER = deliveryLimits.maxCallerNumber;
export const MAX_TRANSCRIPT = deliveryLimits.maxTranscript;
export const MAX_FILENAME_CALLER = deliveryLimits.maxFileNameCaller;

// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
// overrides/isolates (U+202A-U+202E, U+2066-U+2069) that can make a name read backwards.
// eslint-disable-next-line no-control-regex
const UNSAFE_INLINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]/g;
// The same, keeping \n for multi-line text (transcripts).
// eslint-disable-next-line no-control-regex
const UNSAFE_MULTILINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]/g;

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : text;
}

/**
 * One line of caller text, safe for a header or a body: controls become spaces, spaces collapse,
 * surrounding quotes and spaces go, and it is cut to `max` characters. Empty → null.
 */
export function cleanInline(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  const flat = text.normalize('NFC').replace(UNSAFE_INLINE, ' ').replace(/\s+/g, ' ').trim().replace(/^"+|"+$/g, '').trim();
  return flat === '' ? null : cut(flat, max);
}

/** Multi-line text (a transcript): line breaks kept as \n, other controls removed. */
export function cleanMultiline(text: string | null | undefined, max = MAX_TRANSCRIPT): string | null {
  if (text === null || text === undefined) return null;
  const clean = text.normalize('NFC').replace(/\r\n?/g, '\n').replace(UNSAFE_MULTILINE, ' ').replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
  return clean === '' ? null : cut(clean, max);
}

/** The caller's display name, cleaned, or null. */
export function callerName(name: string | null | undefined): string | null {
  return cleanInline(name, MAX_CALLER_NAME);
}

/** The caller's number, cleaned, or null. Numbers are mostly digits, but a SIP user part can be anything. */
export function callerNumber(number: string | null | undefined): string | null {
  return cleanInline(number, MAX_CALLER_NUMBER);
}

/** Who called, as a person reads it: the name, else the number, else "Unknown caller". */
export function callerLabel(name: string | null | undefined, number: string | null | undefined): string {
  return callerName(name) ?? callerNumber(number) ?? 'Unknown caller';
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML element or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * A file-name part from caller text: ASCII letters, digits, '+', '-' and '_' only (other runs
 * become '-'), never empty, never a path. Non-ASCII letters are reduced to their base letter where
 * Unicode decomposes them (é → e).
 */
export function fileNamePart(text: string | null | undefined, fallback: string, max = MAX_FILENAME_CALLER): string {
  const base = (text ?? '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const safe = base.replace(/[^A-Za-z0-9+_-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[-_]+|[-_]+$/g, '').slice(0, max).replace(/[-_]+$/g, '');
  return safe === '' ? fallback : safe;
}
