// Runs Pagefind's own generated pagefind.js in Node (no worker: Node has no global Worker, so it searches on the main
// thread) with fetch answered from the site folder, counting every byte it asks for.
// Usage: node pagefind-harness.mjs <site folder> <queries.json>   → JSON on stdout.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [site, queriesPath] = process.argv.slice(2);
let bytes = 0;
let files = 0;

globalThis.fetch = async (input) => {
  const url = String(input instanceof Request ? input.url : input);
  const file = url.startsWith('file:') ? fileURLToPath(url.split('?')[0]) : path.join(site, decodeURIComponent(new URL(url, 'http://127.0.0.1/').pathname));
  if (!fs.existsSync(file)) return new Response(null, { status: 404 });
  const data = fs.readFileSync(file);
  bytes += data.length;
  files++;
  return new Response(data, { status: 200 });
};

// Result ids name fragments; reading each fragment once (outside the byte count) maps every result to its URL.
const fragmentDir = path.join(site, 'pagefind', 'fragment');
const urlOf = new Map();
for (const name of fs.readdirSync(fragmentDir)) {
  const text = zlib.gunzipSync(fs.readFileSync(path.join(fragmentDir, name))).toString('utf8');
  urlOf.set(name.replace(/\.pf_fragment$/, ''), JSON.parse(text.slice(text.indexOf('{'))).url);
}

const pagefind = await import(pathToFileURL(path.join(site, 'pagefind', 'pagefind.js')).href);
const basePath = pathToFileURL(path.join(site, 'pagefind') + '/').href;

// Each query starts from a fresh instance, as a visitor landing on the search page would: Pagefind otherwise keeps
// index chunks from earlier queries in memory and later queries would look free. The start-up files (entry, meta,
// wasm) are counted once as initBytes, not per query.
async function fresh() {
  await pagefind.destroy();
  await pagefind.options({ basePath });
  await pagefind.init();
  await pagefind.preload?.('');
}

bytes = 0;
files = 0;
await fresh();
const initBytes = bytes;
const initFiles = files;

const queries = JSON.parse(fs.readFileSync(queriesPath, 'utf8'));
const out = [];
for (const q of queries) {
  await fresh();
  bytes = 0;
  files = 0;
  const found = await pagefind.search(q);
  const results = found ? found.results : [];
  // What a results page costs: the index chunks plus the fragments of the first 20 results (title, URL, excerpt).
  await Promise.all(results.slice(0, 20).map((r) => r.data()));
  out.push({ query: q, bytes, files, total: results.length, urls: results.map((r) => urlOf.get(r.id) ?? r.id) });
}
process.stdout.write(JSON.stringify({ initBytes, initFiles, queries: out }));
