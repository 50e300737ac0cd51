import { InvalidValue } from '../runtime/errors.js';

/**
 * Splits a command line into words as a POSIX shell would for simple commands (spaces; single and
 * double quotes; backslash escapes), without running a shell: the words are passed to `docker run`
 * as the container's command, like `docker run --rm myapp:test npm test`. Pipes, `&&` and variables are
 * not interpreted: write `sh -c '…'` for those.
 */
export function commandWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) word += text[++i];
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote)
    throw new InvalidValue(
      `the command has an unclosed ${quote} quote`,
      'a command such as npm test or sh -c "npm ci && npm test"',
    );
  if (inWord) words.push(word);
  return words;
}
