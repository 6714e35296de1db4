// "a 7" but "an 8": the indefinite article before a number as it is read aloud in English.

/**
 * A number with its article: "an" when its spoken form starts with a vowel sound (eight, eleven,
 * eighteen, eighty…, eight hundred…, eleven thousand…), "a" otherwise.
 */
export function withArticle(n: number): string {
  return `${articleFor(n)} ${n}`;
}

/** The article alone, for text that sets the number apart (in bold, say). */
export function articleFor(n: number): 'a' | 'an' {
  const digits = String(Math.abs(Math.trunc(n)));
  // Thousands are read in groups of three: 11 000 is "eleven thousand", 110 is "one hundred ten".
  const vowel = digits.startsWith('8') || (digits.length % 3 === 2 && /^1[18]/.test(digits));
  return vowel ? 'an' : 'a';
}

/**
 * A class name with its article, as a verdict says it: digits as numbers are read ("a 4", "an 8"),
 * words by their first letter ("a sneaker", "an ankle boot").
 */
export function nameWithArticle(name: string): string {
  return `${articleForName(name)} ${name}`;
}

/** The article alone for a class name (the name set apart, in bold say). */
export function articleForName(name: string): 'a' | 'an' {
  if (/^\d+$/.test(name)) return articleFor(Number(name));
  return /^[aeiou]/i.test(name) ? 'an' : 'a';
}
