/*
 * kg/shapes.h -- checking RDF data against SHACL shapes.
 *
 * A small SHACL Core checker, enough for schemas/shapes.ttl: no SHACL
 * library exists for C in Debian. The shapes and the data are kg_triples
 * (e.g. from kg_rdf_parse); checking is a pure function and needs no ctx.
 *
 * Supported: sh:NodeShape / sh:PropertyShape with sh:targetClass (SHACL
 * instances: rdf:type/rdfs:subClassOf* in the data) and
 * sh:targetSubjectsOf; sh:property with sh:path (a single IRI, no path
 * expressions); sh:minCount, sh:maxCount, sh:datatype (lexical forms of
 * xsd:integer, boolean, date, dateTime, gYear, gYearMonth, gMonthDay are
 * checked too), sh:class, sh:nodeKind, sh:in, sh:or (of shapes that use
 * only value constraints), sh:pattern (POSIX extended regular expression)
 * with sh:flags "i", sh:severity, sh:message; sh:name, sh:description,
 * sh:order, sh:group, rdfs:label and rdfs:comment are annotations. Every
 * other term in the sh: namespace is refused with KG_EUNSUPPORTED.
 *
 * The data are checked as the union of their graphs; value nodes are
 * distinct terms, so a triple repeated in two graphs counts once.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef KG_SHAPES_H
#define KG_SHAPES_H

#include "common.h"
#include "triples.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KG_NS_SH "http://www.w3.org/ns/shacl#"

/**
 * Check 'data' against the shapes graph 'shapes'.
 *
 * Each validation result is appended to 'report_out' as one line
 *   SEVERITY FOCUS PATH CONSTRAINT: MESSAGE
 * where SEVERITY is "violation", "warning" or "info"; FOCUS is the focus
 * node in N-Triples syntax (<iri>, _:label, "literal"); PATH is <iri>, or
 * "-" for a constraint on the focus node itself; CONSTRAINT is the SHACL
 * constraint component's local name ("minCount", "datatype", ...); and
 * MESSAGE is the shape's sh:message or a generated explanation naming the
 * offending value. Values are escaped as in N-Triples (no raw newline
 * or tab ever appears) and long literals are shortened. Lines come in a
 * deterministic order: shapes by IRI, then focus nodes, then constraints.
 *
 * @param report_out appended to; on failure it may hold a partial report.
 * @param violations_out receives the number of results of severity
 *        sh:Violation (warnings and infos are reported, not counted);
 *        0 means the data conform. May be NULL.
 * @param shapes the shapes graph (borrowed).
 * @param data the data graph (borrowed); indexed internally by subject,
 *        so checking is O(n log n) in the number of quads.
 * @return 0 whether or not the data conform; KG_EUNSUPPORTED when the
 *         shapes use a SHACL feature outside the subset (named in 'err');
 *         KG_EINVALID when the shapes graph is malformed (a count that is
 *         not a non-negative integer, a path that is not an IRI, a broken
 *         RDF list, a bad regular expression); KG_ENOMEM.
 */
KG_EXTERN int kg_shapes_check(kg_buf *report_out, size_t *violations_out,
                              const kg_triples *shapes,
                              const kg_triples *data, kg_error *err);

#ifdef __cplusplus
}
#endif
#endif
