/**
 * Natural order of file names, the order migration tools apply files in: digit runs compare as
 * numbers (`V2__x.sql` before `V10__x.sql`), everything else by code unit, so the order does not
 * depend on the machine's locale.
 */
export function naturalCompare(left: string, right: string): number {
  const leftParts = left.match(/\d+|\D+/g) ?? [];
  const rightParts = right.match(/\d+|\D+/g) ?? [];
  for (let index = 0; index < Math.min(leftParts.length, rightParts.length); index += 1) {
    const order = comparePart(leftParts[index]!, rightParts[index]!);
    if (order !== 0) return order;
  }
  if (leftParts.length !== rightParts.length) return leftParts.length - rightParts.length;
  return left < right ? -1 : left > right ? 1 : 0;
}

function comparePart(left: string, right: string): number {
  const leftIsNumber = /^\d/.test(left);
  const rightIsNumber = /^\d/.test(right);
  if (leftIsNumber && rightIsNumber) {
    // Compare without leading zeros by length first: digit runs may be longer than a safe integer.
    const leftDigits = left.replace(/^0+(?=\d)/, '');
    const rightDigits = right.replace(/^0+(?=\d)/, '');
    if (leftDigits.length !== rightDigits.length) return leftDigits.length - rightDigits.length;
    if (leftDigits !== rightDigits) return leftDigits < rightDigits ? -1 : 1;
    return 0;
  }
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

export function naturalSort(values: Iterable<string>): string[] {
  return [...values].sort(naturalCompare);
}
