/** A table as aligned plain text (for the terminal) and as Markdown (for bench/results). */
export function textTable(header: string[], rows: string[][], numeric: Set<number> = new Set()): string {
  const cells = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row) => row.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

export function markdownTable(header: string[], rows: string[][], numeric: Set<number> = new Set()): string {
  const align = header.map((_, i) => (numeric.has(i) ? '---:' : '---'));
  return [header, align, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
