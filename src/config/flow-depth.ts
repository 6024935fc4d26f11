/**
 * The deepest nesting of YAML flow collections (`[…]`, `{…}`) in a text, outside quoted scalars and
 * comments, found with one pass over the characters. The yaml package parses flow collections
 * recursively: `[[[…]]]` 3,000 deep overflows its stack before its document can be checked, and
 * all it reports then is "Maximum call stack size exceeded". Counted first, such a config is
 * refused with its real reason. A bracket inside a plain scalar (`name: a[1]`) counts too, which
 * can only make the count higher, and no real config comes near the limit.
 */
export function flowDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
    else if (char === '#' && (index === 0 || /\s/.test(text[index - 1]!))) index = lineEnd(text, index);
    else if (char === '"' || char === "'") index = quotedEnd(text, index);
    index += 1;
  }
  return deepest;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

/** Index of the closing quote of the scalar opened at `from` ('' escapes a single quote, \ a double one). */
function quotedEnd(text: string, from: number): number {
  const quote = text[from]!;
  for (let index = from + 1; index < text.length; index += 1) {
    if (quote === '"' && text[index] === '\\') index += 1;
    else if (text[index] === quote) {
      if (quote === "'" && text[index + 1] === "'") index += 1;
      else return index;
    }
  }
  return text.length;
}
