/**
 * Figures for messages and tables: sizes as pg_size_pretty writes them (1024-based), counts
 * rounded to what a reviewer needs ("182 M rows"), and duration ranges ("3–12 min"). A model's
 * estimate shown with two significant digits, never to the millisecond.
 */

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${significant(value)} ${units[unit]}`;
}

export function formatCount(count: number): string {
  const steps: [number, string][] = [
    [1e9, ' G'],
    [1e6, ' M'],
    [1e3, ' k'],
  ];
  for (const [size, suffix] of steps) if (count >= size) return `${significant(count / size)}${suffix}`;
  return String(Math.round(count));
}

/** "40 rows, 16 kB" / "182 M rows, 41 GB". */
export function formatTableSize(size: { rows: number; bytes: number }): string {
  return `${formatCount(size.rows)} ${size.rows === 1 ? 'row' : 'rows'}, ${formatBytes(size.bytes)}`;
}

/** "0.5–2 s", "3–12 min", "1.5–6 h": both ends in the unit of the upper one. */
export function formatDurationRange(lowSeconds: number, highSeconds: number): string {
  const [divisor, unit] = highSeconds >= 7200 ? [3600, 'h'] : highSeconds >= 120 ? [60, 'min'] : [1, 's'];
  if (highSeconds < 0.1) return '< 0.1 s';
  return `${significant(lowSeconds / divisor)}–${significant(highSeconds / divisor)} ${unit}`;
}

function significant(value: number): string {
  if (value >= 100) return String(Math.round(value));
  return String(Number(value.toPrecision(2)));
}
