/**
 * An advisory's severity: a CVSS vector (2.0, 3.0, 3.1, 4.0), parsed and scored by
 * `ae-cvss-calculator` (a maintained implementation of FIRST's formulas — scoring by hand is how
 * tools get CVSS wrong), or a plain level when no vector is known yet.
 */
import cvss from 'ae-cvss-calculator';

export const SEVERITY_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** OSV's `severity[].type` for a vector. */
export type CvssType = 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4';

export interface Severity {
  level: SeverityLevel;
  /** The CVSS vector as written, or null for a plain level. */
  vector: string | null;
  type: CvssType | null;
  /** The base score (0.0-10.0), or null for a plain level. */
  score: number | null;
}

interface Scores {
  base?: number;
}
interface Vector {
  getVectorName(): string;
  calculateScores(): Scores;
}
const { fromVector } = cvss as unknown as { fromVector(text: string): Vector | null | undefined };

/** The qualitative rating of a CVSS base score (FIRST: 0.1-3.9 low, 4.0-6.9 medium, 7.0-8.9 high, 9.0-10.0 critical). */
export function levelOfScore(score: number): SeverityLevel {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

/** `low|medium|high|critical` or a complete CVSS vector → the severity; null when it is neither. */
export function parseSeverity(text: string): Severity | null {
  const t = text.trim();
  if ((SEVERITY_LEVELS as readonly string[]).includes(t.toLowerCase())) {
    return { level: t.toLowerCase() as SeverityLevel, vector: null, type: null, score: null };
  }
  let v: Vector | null | undefined;
  try {
    v = fromVector(t);
  } catch {
    return null;
  }
  if (!v) return null;
  const base = v.calculateScores().base;
  // An incomplete vector parses (the missing base metrics read "not defined") but has no base score.
  if (typeof base !== 'number' || Number.isNaN(base)) return null;
  const name = v.getVectorName();
  const type: CvssType = name.startsWith('CVSS:4') ? 'CVSS_V4' : name.startsWith('CVSS:3') ? 'CVSS_V3' : 'CVSS_V2';
  return { level: levelOfScore(base), vector: t, type, score: base };
}
