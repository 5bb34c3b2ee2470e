/**
 * MAP tagging (DESIGN.md §2): tag schemes as versioned data. Credits accrue
 * only on spend tagged after the tag is applied, so a wave's applications
 * carry the tag value they will use, checked here for syntax (HTTP 400) and
 * for carrying the opportunity's ID (machine refusal, 409).
 */
import type { TagSchemeId } from './types';

export interface TagScheme {
  id: TagSchemeId;
  /** The AWS resource tag key. */
  tagKey: string;
  /** Human name of the ID the scheme carries. */
  idName: string;
  /** Pattern of a well-formed ID. */
  idPattern: RegExp;
  idDescription: string;
  /** Tag value prefixes; a value is `prefix + ID`. */
  valuePrefixes: readonly string[];
}

export interface TagSchemes {
  version: string;
  source: string;
  schemes: Record<TagSchemeId, TagScheme>;
}

// Longest prefixes first so `comm_ec2_` is not read as `comm` + `_ec2_...`.
const VALUE_PREFIXES = ['comm_ec2_', 'mig_ec2_', 'oracle', 'comm', 'mig', 'sap'] as const;

/** Tag schemes v1. */
export const TAG_SCHEMES: TagSchemes = {
  version: '1',
  source: 'DESIGN.md §2 MAP tagging (AWS MAP 2.0 tagging guide)',
  schemes: {
    'map-migrated': {
      id: 'map-migrated',
      tagKey: 'map-migrated',
      idName: 'MPE ID',
      idPattern: /^(?:\d{5}|[A-Z0-9]{10})$/,
      idDescription: '5 digits, or 10 uppercase letters and digits',
      valuePrefixes: VALUE_PREFIXES,
    },
    'aws-apn-id': {
      id: 'aws-apn-id',
      tagKey: 'aws-apn-id',
      idName: 'PRM ID',
      idPattern: /^[a-z0-9-]{1,64}$/,
      idDescription: 'lowercase letters, digits and hyphens',
      valuePrefixes: VALUE_PREFIXES,
    },
  },
};

/** True when `s` names a tag scheme. */
export function isTagScheme(s: unknown): s is TagSchemeId {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(TAG_SCHEMES.schemes, s);
}

/** True when `id` is a well-formed ID for the scheme (MPE ID or PRM ID). */
export function isValidMapId(scheme: TagSchemeId, id: string, schemes: TagSchemes = TAG_SCHEMES): boolean {
  return schemes.schemes[scheme].idPattern.test(id);
}

/** The ID a tag value carries under a scheme, or null when the value is malformed for it. */
export function tagValueId(scheme: TagSchemeId, value: string, schemes: TagSchemes = TAG_SCHEMES): string | null {
  const s = schemes.schemes[scheme];
  for (const prefix of s.valuePrefixes) {
    if (value.startsWith(prefix)) {
      const id = value.slice(prefix.length);
      if (s.idPattern.test(id)) return id;
    }
  }
  return null;
}

/**
 * Why `value` is not a well-formed tag value under `scheme`, in words taken
 * from the scheme's data, or null when it is one. `mig1234` is malformed under
 * `map-migrated` (an MPE ID has 5 digits or 10 characters), whatever another
 * scheme would make of it: the HTTP layer answers 400.
 */
export function tagValueProblem(scheme: TagSchemeId, value: string, schemes: TagSchemes = TAG_SCHEMES): string | null {
  if (tagValueId(scheme, value, schemes) !== null) return null;
  const s = schemes.schemes[scheme];
  return `${value} is not a ${s.tagKey} tag value: one of ${s.valuePrefixes.join(', ')} followed by the ${s.idName} (${s.idDescription})`;
}

/** The ID each scheme takes, in words from the schemes' data (for a 400's field error). */
export function mapIdRule(scheme?: TagSchemeId, schemes: TagSchemes = TAG_SCHEMES): string {
  if (scheme !== undefined) {
    const s = schemes.schemes[scheme];
    return `mpeId must be a well-formed ${s.idName} for ${s.id}: ${s.idDescription}`;
  }
  const each = Object.values(schemes.schemes).map((s) => `${s.id} takes the ${s.idName} (${s.idDescription})`);
  return `mpeId must fit the tag scheme: ${each.join('; ')}`;
}

/**
 * True when `value` is a well-formed MAP tag value under some scheme:
 * `mig{ID}`, `sap{ID}`, `oracle{ID}`, `comm{ID}`, `comm_ec2_{ID}` or `mig_ec2_{ID}`.
 * The HTTP layer answers 400 when this is false.
 */
export function isValidTagValue(value: string, schemes: TagSchemes = TAG_SCHEMES): boolean {
  return Object.values(schemes.schemes).some((s) => tagValueId(s.id, value, schemes) !== null);
}

/** True when the tag value is exactly one of the scheme prefixes followed by `id`. */
export function tagCarriesId(value: string, id: string, schemes: TagSchemes = TAG_SCHEMES): boolean {
  const prefixes = new Set(Object.values(schemes.schemes).flatMap((s) => s.valuePrefixes));
  return [...prefixes].some((p) => value === `${p}${id}`);
}
