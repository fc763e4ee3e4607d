// compromise_bench.js -- the npm package `compromise` on the same text as
// kg, for bench/extract/run.sh: people, places and organizations.
//
//   node compromise_bench.js speed LISTFILE      MB/s over the listed files
//   node compromise_bench.js json OUTDIR FILE... one report per article in
//                                                ../shared/eval/schema.md
//                                                form (entities only)
//
// Run from a folder where `npm install compromise` was done (NODE_PATH).
// SPDX-License-Identifier: MIT
'use strict';
const fs = require('fs');
const path = require('path');
const nlp = require('compromise');

function entities(text) {
  const doc = nlp(text);
  return [
    ['Person', doc.people().out('array')],
    ['Place', doc.places().out('array')],
    ['Organization', doc.organizations().out('array')],
  ];
}

function clean(s) {
  // compromise keeps trailing punctuation and possessives in its text
  return s.replace(/[\s.,;:!?"“”'’)(]+$/u, '').replace(/^[\s"“”'‘(]+/u, '')
    .replace(/['’]s$/u, '').trim();
}

function slug(s) {
  return s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function report(file) {
  const text = fs.readFileSync(file, 'utf8');
  const byId = new Map();
  for (const [type, list] of entities(text)) {
    for (const raw of list) {
      const m = clean(raw);
      if (!m) continue;
      const id = type.toLowerCase() + '/' + slug(m);
      if (!byId.has(id)) {
        byId.set(id, {id, type, subtype: type === 'Organization' ? 'Other' : null,
                      name: m, mentions: [], wikidata: null});
      }
      const e = byId.get(id);
      if (!e.mentions.includes(m)) e.mentions.push(m);
    }
  }
  const headline = (text.split('\n').find((l) => l.trim()) || '').trim();
  return {article: path.basename(file).replace(/\.txt$/, ''), published: null,
          headline, entities: [...byId.values()], roles: [], events: []};
}

function main() {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === 'speed') {
    const files = fs.readFileSync(rest[0], 'utf8').split('\n').filter(Boolean);
    let bytes = 0, spent = 0n, found = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const t0 = process.hrtime.bigint();
      for (const [, list] of entities(text)) found += list.length;
      spent += process.hrtime.bigint() - t0;
      bytes += Buffer.byteLength(text);
    }
    const s = Number(spent) / 1e9;
    console.log(`compromise ${files.length} files ${bytes} bytes ` +
                `${s.toFixed(2)} s ${(bytes / 1e6 / s).toFixed(2)} MB/s ` +
                `(${found} entities)`);
  } else if (mode === 'json') {
    const out = rest[0];
    fs.mkdirSync(out, {recursive: true});
    for (const f of rest.slice(1)) {
      const r = report(f);
      fs.writeFileSync(path.join(out, r.article + '.json'),
                       JSON.stringify(r, null, 1));
    }
  } else {
    console.error('usage: compromise_bench.js speed LIST | json OUTDIR FILE...');
    process.exit(2);
  }
}

main();
