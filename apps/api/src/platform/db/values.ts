// Small conversions at the database's edge, shared by every feature.

/** A timestamp as the API writes it (ISO 8601, UTC, milliseconds). */
export const iso = (d: Date | string) => new Date(d).toISOString();

/** A UUID as PostgreSQL writes it; checked before an id from outside reaches a `::uuid` cast. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
