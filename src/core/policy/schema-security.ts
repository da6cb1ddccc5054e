/**
 * The service level of one severity under `security.sla` (R4 of the Lightspeed-style LTS process:
 * "triage within 24 hours, patch within X days depending on severity"): triage and fix times,
 * and fix times per support status (an LTS program often promises a slower fix on security-only
 * lines). Read by `trellis advisory sla` (core/advisory/sla.ts). Same in both schema modes (no defaults).
 */
import { Type, type TString } from '@sinclair/typebox';

export function slaSchema(Duration: (description: string) => TString) {
  return Type.Object(
    {
      triage: Type.Optional(Duration('Time to triage, counted from the report.')),
      fix: Type.Optional(Duration('Time to a released fix on each affected supported line, counted from the report.')),
      fixByStatus: Type.Optional(
        Type.Object(
          {
            full: Type.Optional(Duration('Time to a released fix on a fully supported line.')),
            bugfix: Type.Optional(Duration('Time to a released fix on a bug-fix line.')),
            security: Type.Optional(Duration('Time to a released fix on a security-only line.')),
          },
          { additionalProperties: false, description: "Fix times per support status; a status not listed uses 'fix'." },
        ),
      ),
    },
    { additionalProperties: false, description: 'Service level for one severity.' },
  );
}
