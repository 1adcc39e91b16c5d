/**
 * Absolute path of the test data folder (CLOCKMATH_DATA, default ../shared/data), or of `sub` inside it; throws when it
 * does not exist.
 */
export function dataDir(sub?: string): string;
