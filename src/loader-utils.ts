import DataLoader from 'dataloader';

/**
 * DataLoaders live for one request: they batch the lookups made while a
 * query resolves (one SQL statement per kind of lookup, whatever the page
 * size) and never serve one request's data to another.
 */

/** One row per key, or null when there is none. */
export function keyedLoader<TRow>(
  fetch: (keys: readonly string[]) => Promise<TRow[]>,
  keyOf: (row: TRow) => string,
): DataLoader<string, TRow | null> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** All rows per key, in the order the fetch returned them. */
export function groupedLoader<TRow>(
  fetch: (keys: readonly string[]) => Promise<TRow[]>,
  keyOf: (row: TRow) => string,
): DataLoader<string, TRow[]> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const groups = new Map<string, TRow[]>(keys.map((key) => [key, []]));
    for (const row of rows) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** A count per key (0 when the fetch has none for it), batched like the others. */
export function countLoader(fetch: (keys: readonly string[]) => Promise<Map<string, number>>): DataLoader<string, number> {
  return new DataLoader(async (keys) => {
    const counts = await fetch(keys);
    return keys.map((key) => counts.get(key) ?? 0);
  });
}
