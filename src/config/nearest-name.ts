/**
 * "Did you mean …" for a misspelt name: the known name with the smallest edit distance, when it is
 * close enough to be a typo (at most a third of the name's length, and at most 4 edits).
 */
export function nearestName(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.min(4, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const distance = editDistance(name, candidate, bestDistance);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Levenshtein distance (insert, delete, substitute), giving up with `ceiling` once it cannot be below it. */
export function editDistance(left: string, right: string, ceiling = Infinity): number {
  if (Math.abs(left.length - right.length) >= ceiling) return ceiling;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= right.length; column += 1) {
      const substitution = previous[column - 1]! + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min(previous[column]! + 1, current[column - 1]! + 1, substitution));
    }
    if (Math.min(...current) >= ceiling) return ceiling;
    previous = current;
  }
  return previous[right.length]!;
}
