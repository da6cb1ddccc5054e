/** Use case `policy schema`: the JSON Schema of the policy file (for editors and validators). */
import { policyJsonSchema } from '../core/policy/schema.js';

export function policySchema(): ReturnType<typeof policyJsonSchema> {
  return policyJsonSchema();
}
