/**
 * Constant tables of ITU-T G.722 (11/88, 09/2012) §3 and §4, named as in the Recommendation.
 * The indices follow the block descriptions: `mil` is the quantizer interval (1-30) found by
 * QUANTL, IL the 6-bit code sent on the line, IL4 = IL >> 2 the 4-bit code of the embedded
 * quantizer that drives the predictor.
 */

/** QMF coefficients h0..h23 (Table 1/G.722); sum = 8192, so the bands carry half the input. */
export const QMF_COEFFS = Object.freeze([
  3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876,
  3876, 951, -805, -210, 362, 32, -156, 12, 53, -11, -11, 3,
] as const);

/** QUANTL decision levels Q6(mil), scaled by 2^12 against DETL (Table 6/G.722). */
export const Q6 = Object.freeze([
  0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714,
  786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919,
] as const);

/** Number of 6-bit quantizer intervals (mil = 1..30). */
export const QUANTL_INTERVALS = 30;

/** 6-bit code of interval mil for a negative (ILN) or positive (ILP) difference (Table 6). */
export const ILN = Object.freeze([
  0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19,
  18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4,
] as const);
export const ILP = Object.freeze([
  0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47,
  46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32,
] as const);

/** Reconstruction magnitudes of the 30 intervals (QQ6, Table 7/G.722), scaled by 2^15 / DETL. */
const QQ6_LEVELS = [
  136, 432, 728, 1040, 1360, 1688, 2032, 2400, 2776, 3168, 3576, 4008, 4464, 4944, 5456, 6000,
  6576, 7192, 7856, 8576, 9360, 10232, 11192, 12280, 13512, 14984, 16704, 19008, 21904, 24808,
] as const;

function buildQq6(): Int16Array {
  const t = new Int16Array(64);
  // Codes 0-3 are never sent; the Recommendation decodes them like code 63 (smallest negative).
  t[0] = t[1] = t[2] = t[3] = -136;
  for (let mil = 1; mil <= QUANTL_INTERVALS; mil++) {
    const level = QQ6_LEVELS[mil - 1] as number;
    t[ILP[mil] as number] = level;
    t[ILN[mil] as number] = -level;
  }
  return t;
}

/** 6-bit inverse quantizer output by IL (INVQBL in the decoder, mode 1). */
export const QQ6: Readonly<Int16Array> = buildQq6();

/** 4-bit inverse quantizer output by IL4 (INVQAL, Table 7): code 0 and 15 are the zero step. */
export const QQ4 = Object.freeze([
  0, -20456, -12896, -8968, -6288, -4240, -2584, -1200,
  20456, 12896, 8968, 6288, 4240, 2584, 1200, 0,
] as const);

/** Magnitude index of IL4 for LOGSCL (RIL → IL4 mapping of Table 8). */
export const RIL4 = Object.freeze([0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0] as const);

/** Log-scale-factor multipliers WL (Table 8/G.722). */
export const WL = Object.freeze([-60, -30, 58, 172, 334, 538, 1198, 3042] as const);

/** ILB: 2^(i/32) in Q11, the antilog table of SCALEL/SCALEH (Table 9/G.722). */
export const ILB = Object.freeze([
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
  2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
] as const);

/** QUANTH decision level (Table 3/G.722): |EH| ≥ (564·DETH) >> 12 selects the outer step. */
export const Q2 = 564;
/** 2-bit code for (negative, positive) × (inner mih=1, outer mih=2) (Table 3). */
export const IHN = Object.freeze([0, 1, 0] as const);
export const IHP = Object.freeze([0, 3, 2] as const);
/** 2-bit inverse quantizer QQ2 by IH (Table 4). */
export const QQ2 = Object.freeze([-7408, -1616, 7408, 1616] as const);
/** Magnitude index of IH for LOGSCH. */
export const RIH2 = Object.freeze([2, 1, 2, 1] as const);
/** Log-scale-factor multipliers WH (Table 5). */
export const WH = Object.freeze([0, -214, 798] as const);

/** Bounds of the log scale factors NBL, NBH (LOGSCL/LOGSCH). */
export const NBL_MAX = 18432;
export const NBH_MAX = 22528;
/** SCALEL / SCALEH exponent offsets: DET = ILB[(NB >> 6) & 31] >> (offset - (NB >> 11)) << 2. */
export const SCALEL_OFFSET = 8;
export const SCALEH_OFFSET = 10;
/** Reset values of DETL and DETH (§6.2 reset). */
export const DETL_RESET = 32;
export const DETH_RESET = 8;
