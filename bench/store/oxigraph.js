// oxigraph.js -- the Oxigraph side of bench/store/run.sh: loads the same
// N-Quads into an in-memory Oxigraph store (timed), then their triples into
// its default graph (not timed): kg's default graph is the RDF merge of the
// named graphs, each triple once, while Oxigraph's union default graph
// repeats a triple once per graph stating it. The queries run on that
// default graph.
//
// Usage: node oxigraph.js DATA.nq OUTDIR RUNS QUERY.rq...
// Prints "load SECONDS QUADS" then "query NAME MEDIAN_SECONDS ROWS" lines;
// writes each query's last answer as SPARQL JSON to OUTDIR/NAME.ox.json.
// SPDX-License-Identifier: MIT
'use strict';
const fs = require('fs');
const path = require('path');
const ox = require('oxigraph');

const [data, outdir, runsArg, ...queries] = process.argv.slice(2);
const runs = parseInt(runsArg, 10);
// The prefixes kg predeclares that the bench queries use.
const prefixes = [
    ['rdf', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'],
    ['rdfs', 'http://www.w3.org/2000/01/rdf-schema#'],
    ['xsd', 'http://www.w3.org/2001/XMLSchema#'],
    ['kg', 'https://w3id.org/kg/ns#'],
    ['schema', 'http://schema.org/'],
    ['skos', 'http://www.w3.org/2004/02/skos/core#'],
    ['prov', 'http://www.w3.org/ns/prov#'],
].map(([p, iri]) => `PREFIX ${p}: <${iri}>\n`).join('');

function now() {
    return Number(process.hrtime.bigint()) / 1e9;
}

function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

const store = new ox.Store();
let t0 = now();
store.load(fs.readFileSync(data), { format: 'application/n-quads' });
console.log(`load ${(now() - t0).toFixed(3)} ${store.size}`);
// Every graph name in the data is an IRI: drop it to get N-Triples.
store.load(fs.readFileSync(data, 'utf8').replace(/ <[^>]*> \.$/gm, ' .'),
           { format: 'application/n-triples' });

for (const file of queries) {
    const name = path.basename(file, '.rq');
    const text = prefixes + fs.readFileSync(file, 'utf8');
    const times = [];
    let json;
    for (let i = 0; i < runs; i++) {
        t0 = now();
        json = store.query(text, {
            results_format: 'application/sparql-results+json',
        });
        times.push(now() - t0);
    }
    fs.writeFileSync(path.join(outdir, name + '.ox.json'), json);
    const rows = JSON.parse(json).results.bindings.length;
    console.log(`query ${name} ${median(times).toFixed(4)} ${rows}`);
}
