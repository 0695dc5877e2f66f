/**
 * Where JSON.parse failed: V8 names the position for some errors only ("Unexpected token 'x',
 * "..." is not valid JSON" has none), so a small scanner finds the first offending character.
 * Runs on the error path only; iterative, so deep nesting cannot overflow the stack.
 */
export function jsonErrorPosition(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const stack: ('[' | '{')[] = [];
  // expecting: 'value' | 'key' | 'after-value' | 'colon'
  let expecting: 'value' | 'key' | 'after-value' | 'colon' | 'value-or-close' | 'key-or-close' = 'value';
  for (;;) {
    ws();
    if (i >= text.length) return expecting === 'after-value' && stack.length === 0 ? -1 : i;
    const ch = text[i];
    if (expecting === 'after-value') {
      if (stack.length === 0) return i; // trailing garbage
      const open = stack[stack.length - 1];
      if (ch === ',') {
        i++;
        expecting = open === '[' ? 'value' : 'key';
      } else if ((ch === ']' && open === '[') || (ch === '}' && open === '{')) {
        i++;
        stack.pop();
        expecting = 'after-value';
      } else return i;
      continue;
    }
    if (expecting === 'colon') {
      if (ch !== ':') return i;
      i++;
      expecting = 'value';
      continue;
    }
    if (expecting === 'key' || expecting === 'key-or-close') {
      if (ch === '}' && expecting === 'key-or-close') {
        i++;
        stack.pop();
        expecting = 'after-value';
        continue;
      }
      if (ch !== '"') return i;
      const end = scanString(text, i);
      if (end < 0) return -end - 1;
      i = end;
      expecting = 'colon';
      continue;
    }
    // a value
    if (ch === ']' && expecting === 'value-or-close') {
      i++;
      stack.pop();
      expecting = 'after-value';
      continue;
    }
    if (ch === '[' || ch === '{') {
      stack.push(ch);
      i++;
      expecting = ch === '[' ? 'value-or-close' : 'key-or-close';
      continue;
    }
    if (ch === '"') {
      const end = scanString(text, i);
      if (end < 0) return -end - 1;
      i = end;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!match) return i;
      i += match[0].length;
    } else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      if (!literal) return i;
      i += literal.length;
    }
    expecting = 'after-value';
  }
}

/** Index after the closing quote, or -(error index + 1). */
function scanString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') return i + 1;
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -(i + 1);
        i += 6;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
      else return -(i + 1);
      continue;
    }
    if (ch < ' ') return -(i + 1);
    i++;
  }
  return -(text.length + 1);
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}
