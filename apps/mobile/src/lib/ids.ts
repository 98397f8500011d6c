const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route parameter that can be an id at all (anything else is a broken link: not found, no request). */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
