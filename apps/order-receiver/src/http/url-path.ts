/** The URL's path, without its query: what the edge's hooks match routes on. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
