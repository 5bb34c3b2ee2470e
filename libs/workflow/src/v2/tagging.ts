/**
 * MAP tagging for machine version 2 (design/funding-v2.md, "Tags, actually
 * applied"): the tag schemes as data, version `2`. The checks are version 1's
 * functions (`../tagging`) run on these schemes, so the logic lives in one
 * place; only the data differs.
 *
 * - `map-migrated` is unchanged: an MPE ID (5 digits, or 10 uppercase letters
 *   and digits) behind one of the prefixes of AWS's table (`mig`, `sap`,
 *   `oracle`, `comm`, `comm_ec2_`, `mig_ec2_`).
 * - `aws-apn-id` takes only the MAP Included Services prefixes `mig`, `sap`
 *   and `oracle`, followed by a PRM ID `ra-` + 13 lowercase letters and
 *   digits. That ID format is inferred from published examples, not from an
 *   AWS specification.
 */
import { isValidMapId, mapIdRule, TAG_SCHEMES, tagValueId, tagValueProblem, type TagSchemes } from '../tagging';
import type { TagSchemeId } from '../types';
import type { Trust } from './policy';

/** Tag schemes v2. */
export const TAG_SCHEMES_V2: TagSchemes = {
  version: '2',
  source: 'AWS MAP 2.0 tagging guide (tag values per service table); aws-apn-id PRM ID format inferred',
  schemes: {
    'map-migrated': TAG_SCHEMES.schemes['map-migrated'],
    'aws-apn-id': {
      id: 'aws-apn-id',
      tagKey: 'aws-apn-id',
      idName: 'PRM ID',
      idPattern: /^ra-[a-z0-9]{13}$/,
      idDescription: 'ra- followed by 13 lowercase letters and digits',
      valuePrefixes: ['oracle', 'mig', 'sap'],
    },
  },
};

/** Where each v2 scheme's rule comes from, and whether it is inferred rather than read. */
export const TAG_SCHEME_PROVENANCE_V2: Record<TagSchemeId, { source: string; trust: Trust; inferred: boolean }> = {
  'map-migrated': {
    source:
      'AWS MAP 2.0 tagging guide: map-migrated = prefix + MPE ID, prefixes mig, sap, oracle, comm, comm_ec2_, mig_ec2_ (as in tag schemes v1)',
    trust: 'AWS',
    inferred: false,
  },
  'aws-apn-id': {
    source:
      'design/funding-v2.md: aws-apn-id takes mig, sap, oracle with a PRM ID ra- + 13 lowercase alphanumerics, inferred from examples',
    trust: 'ours',
    inferred: true,
  },
};

/**
 * Why `value` is not a well-formed tag value under `scheme` in version 2, or
 * null when it is one (the HTTP layer answers 400 on a problem).
 */
export function tagValueProblem2(scheme: TagSchemeId, value: string): string | null {
  return tagValueProblem(scheme, value, TAG_SCHEMES_V2);
}

/** True when `id` is a well-formed ID for the scheme in version 2 (MPE ID or PRM ID). */
export function isValidMapId2(scheme: TagSchemeId, id: string): boolean {
  return isValidMapId(scheme, id, TAG_SCHEMES_V2);
}

/** The ID a tag value carries under a scheme in version 2, or null when the value is malformed. */
export function tagValueId2(scheme: TagSchemeId, value: string): string | null {
  return tagValueId(scheme, value, TAG_SCHEMES_V2);
}

/**
 * True when the tag value is a version-2 value under `scheme` carrying exactly
 * `id` (false: a well-formed value for another opportunity, answered 409).
 */
export function tagCarriesId2(scheme: TagSchemeId, value: string, id: string): boolean {
  return tagValueId2(scheme, value) === id;
}

/** The ID each v2 scheme takes, in words (for a 400's field error). */
export function mapIdRule2(scheme?: TagSchemeId): string {
  return mapIdRule(scheme, TAG_SCHEMES_V2);
}
