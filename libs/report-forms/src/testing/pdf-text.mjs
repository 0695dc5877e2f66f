// Reads a PDF from stdin and prints {text, pages} as JSON: pdf.js (through pdf-parse) loads its
// worker with a dynamic import, which jest's module sandbox refuses, so tests run this as a process.
import { PDFParse } from 'pdf-parse';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
const result = await parser.getText();
await parser.destroy();
process.stdout.write(JSON.stringify({ text: result.text, pages: result.total }));
