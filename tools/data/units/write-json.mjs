// Compact but diff-friendly JSON: header keys pretty-printed, one data row per line.
export function toRowJson(obj, rowKeys) {
  const lines = ['{'];
  const entries = Object.entries(obj);
  entries.forEach(([key, value], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if (rowKeys.includes(key) && Array.isArray(value) && value.length > 0) {
      lines.push(`  ${JSON.stringify(key)}: [`);
      value.forEach((row, j) => lines.push(`    ${JSON.stringify(row)}${j < value.length - 1 ? ',' : ''}`));
      lines.push(`  ]${comma}`);
    } else {
      const text = JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
      lines.push(`  ${JSON.stringify(key)}: ${text}${comma}`);
    }
  });
  lines.push('}');
  return lines.join('\n') + '\n';
}
