// The performance budgets: what a user may be made to pay. Checked by `npm run bench -- --check`
// (all of them) and by the tests (the sizes and counts, which do not depend on the machine).
export const BUDGETS = {
  /** Gzipped JS the first screen loads (the entry script and what it preloads). */
  firstScreenGzipBytes: 150 * 1024,
  /**
   * From choosing 5,000 rows per page to those rows on screen, in Chromium: the console's own
   * work (routing, parsing and checking the answer, rendering), without the time Codat takes to
   * answer. The bench reports the whole wait beside it.
   */
  historyShowMs: 300,
  /**
   * Re-sorting that 5,000-row page by another column until the new order shows, as above: the
   * median of five re-sorts, each a new request.
   */
  historyResortMs: 100,
  /** <tr> elements in the DOM at any moment while scrolling the 5,000-row page. */
  historyRowsInDom: 60,
  /** Median latency the proxy adds to one Codat call, sequential, on loopback. */
  proxyOverheadP50Ms: 2,
} as const
