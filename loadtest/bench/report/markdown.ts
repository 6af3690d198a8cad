/** Number formats and tables of the report. */
export const f0 = (n: number) => n.toFixed(0);
export const f1 = (n: number) => n.toFixed(1);
export const f2 = (n: number) => n.toFixed(2);
export const pct = (n: number) => `${(n * 100).toFixed(0)} %`;
/** Dollars: cents for large figures, four decimals for small ones. */
export const usd = (n: number) => `$${n >= 10 ? n.toFixed(2) : n.toFixed(4)}`;

export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
